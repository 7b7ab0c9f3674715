// Calendar ranges in the user's local time zone, as half-open [from, to) epoch milliseconds.
// The dashboard's range picker and the cost meter's period both come through here.

export interface Range {
  from: number;
  to: number;
}

export type PeriodChoice =
  | { kind: 'today' | '7d' | '30d' | 'month' | 'all' }
  | { kind: 'custom'; from: string; to: string }; // YYYY-MM-DD, inclusive

function startOfDay(t: Date): Date {
  return new Date(t.getFullYear(), t.getMonth(), t.getDate());
}

function addDays(t: Date, days: number): Date {
  return new Date(t.getFullYear(), t.getMonth(), t.getDate() + days);
}

function parseDay(day: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`"${day}" is not a date (YYYY-MM-DD)`);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/**
 * `YYYY-MM-DD..YYYY-MM-DD` (both days included; `..`, `–`, `-`, `--` or `to` between) → the
 * custom choice; undefined when malformed, not a real date, or backwards.
 */
export function parseDayRange(text: string): Extract<PeriodChoice, { kind: 'custom' }> | undefined {
  const m = /^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|–|-{1,2}|to)\s*(\d{4}-\d{2}-\d{2})\s*$/.exec(text);
  if (!m) return undefined;
  const [from, to] = [m[1]!, m[2]!];
  const real = (day: string) => dayKey(parseDay(day)) === day; // rejects 2026-02-30
  if (!real(from) || !real(to) || to < from) return undefined;
  return { kind: 'custom', from, to };
}

export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of UTC day number `n` (days since the epoch; SQL groups by `ms / DAY_MS`). */
export function utcDayKey(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` of a local date. */
export function dayKey(t: Date | number): string {
  const d = typeof t === 'number' ? new Date(t) : t;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function rangeFor(choice: PeriodChoice, now: number = Date.now()): Range & { label: string } {
  const today = startOfDay(new Date(now));
  const tomorrow = addDays(today, 1);
  switch (choice.kind) {
    case 'today':
      return { from: today.getTime(), to: tomorrow.getTime(), label: 'today' };
    case '7d':
      return { from: addDays(today, -6).getTime(), to: tomorrow.getTime(), label: 'last 7 days' };
    case '30d':
      return { from: addDays(today, -29).getTime(), to: tomorrow.getTime(), label: 'last 30 days' };
    case 'month':
      return { from: new Date(today.getFullYear(), today.getMonth(), 1).getTime(), to: tomorrow.getTime(), label: 'this month' };
    case 'all':
      return { from: 0, to: tomorrow.getTime(), label: 'all time' };
    case 'custom': {
      let from = parseDay(choice.from);
      let to = parseDay(choice.to);
      if (to < from) [from, to] = [to, from];
      return { from: from.getTime(), to: addDays(to, 1).getTime(), label: `${dayKey(from)} – ${dayKey(to)}` };
    }
  }
}

/** Every local day the range touches, oldest first. */
export function daysOf(range: Range): string[] {
  const out: string[] = [];
  for (let d = startOfDay(new Date(range.from)); d.getTime() < range.to; d = addDays(d, 1)) out.push(dayKey(d));
  return out;
}

/** Minutes east of UTC at `now`, the offset the ledger's day grouping takes. */
export function localOffsetMinutes(now: number = Date.now()): number {
  return -new Date(now).getTimezoneOffset();
}
