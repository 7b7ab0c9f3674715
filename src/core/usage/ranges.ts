// The named time ranges the usage surfaces offer, in the user's local time.
import type { TimeRange } from './protocol';

export type RangeName = 'today' | 'month' | 'last30' | 'all';

export function namedRange(name: RangeName, now: Date = new Date()): TimeRange {
  const to = now.getTime() + 1;
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  switch (name) {
    case 'today': return { from: midnight.getTime(), to };
    case 'month': return { from: new Date(now.getFullYear(), now.getMonth(), 1).getTime(), to };
    case 'last30': return { from: midnight.getTime() - 29 * 86_400_000, to };
    case 'all': return { from: 0, to };
  }
}

/** `YYYY-MM-DD..YYYY-MM-DD` (both days included, local time) → range; undefined when malformed. */
export function parseDayRange(text: string): TimeRange | undefined {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})\s*(?:\.\.|–|-{1,2}|to)\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
  if (!m) return undefined;
  const n = m.slice(1).map(Number);
  const from = new Date(n[0]!, n[1]! - 1, n[2]!);
  const last = new Date(n[3]!, n[4]! - 1, n[5]!);
  if (from.getMonth() !== n[1]! - 1 || last.getMonth() !== n[4]! - 1 || last < from) return undefined;
  return { from: from.getTime(), to: new Date(n[3]!, n[4]! - 1, n[5]! + 1).getTime() };
}
