// Compares two sets of configured servers so edits apply live: added servers start,
// removed ones stop, changed ones restart, untouched ones keep their warm sessions.
import type { InputDefinition, RawServerEntry } from './configTypes';

/** A server as the pool receives it: its raw entry plus the inputs its file declares. */
export interface ServerEntry extends RawServerEntry {
  inputs: readonly InputDefinition[];
}

export interface ConfigDiff {
  added: ServerEntry[];
  removed: string[];
  changed: ServerEntry[];
}

/** What decides whether a server must restart (positions in the file do not). */
export function fingerprint(entry: ServerEntry): string {
  const used = JSON.stringify(entry.server);
  const inputs = entry.inputs.filter((i) => used.includes(`\${input:${i.id}}`));
  return JSON.stringify([entry.source, entry.server, inputs]);
}

export function diffServers(previous: ReadonlyMap<string, ServerEntry>, next: readonly ServerEntry[]): ConfigDiff {
  const diff: ConfigDiff = { added: [], removed: [], changed: [] };
  const seen = new Set<string>();
  for (const entry of next) {
    seen.add(entry.name);
    const old = previous.get(entry.name);
    if (!old) diff.added.push(entry);
    else if (fingerprint(old) !== fingerprint(entry)) diff.changed.push(entry);
  }
  for (const name of previous.keys()) if (!seen.has(name)) diff.removed.push(name);
  return diff;
}
