// Canonical JSON (object keys sorted at every depth, otherwise JSON.stringify's output), and
// snapshots that tell whether a serialised value is still unchanged without serialising again.
//
// A snapshot records every object and array inside a value: own keys in order, and the values
// read. `unchanged` compares them: primitives with `===` (strings are immutable, and the same
// string object compares in O(1)); nested objects by identity, each being in the snapshot too.
// Any change, however deep, shows; an unchanged value costs a walk of its keys, not its bytes.
import { createHash, hash } from 'node:crypto';

export interface NodeSnapshot {
  readonly node: object;
  /** Own enumerable keys in order; undefined for an array. */
  readonly keys: readonly string[] | undefined;
  readonly values: readonly unknown[];
}

/**
 * JSON.stringify with object keys sorted at every depth. Built as sorted plain copies and then one
 * JSON.stringify without a replacer: a replacer is a call from the engine into JS for every value
 * (strings included) and turns off the engine's fast serializer, while the copy walk visits only
 * objects and arrays and leaves every string to the native code.
 */
export function canonicalJson(value: unknown): string {
  return stringifyChecked(() => JSON.stringify(sortedCopy(value, '')));
}

/**
 * What JSON.stringify sees of `value` through a key-sorting replacer, as plain objects and arrays:
 * toJSON applied (with its key), object keys sorted, and members JSON would omit (undefined,
 * functions, symbols) left out, so that no copy has a toJSON of its own to call again.
 */
function sortedCopy(value: unknown, key: string | number): unknown {
  if (value === null || typeof value !== 'object') return value;
  let v: object = value;
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const made: unknown = toJSON.call(v, String(key));
    if (made === null || typeof made !== 'object') return made;
    v = made;
  }
  if (Array.isArray(v)) {
    const out: unknown[] = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = sortedCopy(v[i], i);
    return out;
  }
  const keys = Object.keys(v);
  if (!isSorted(keys)) keys.sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const member = sortedCopy((v as Record<string, unknown>)[k], k);
    if (member !== undefined && typeof member !== 'function' && typeof member !== 'symbol') out[k] = member;
  }
  return out;
}

export interface Snapshot {
  readonly text: string;
  readonly nodes: readonly NodeSnapshot[];
  /** False when `unchanged` cannot vouch for the text (a value came from `toJSON`). */
  readonly complete: boolean;
}

/** Canonical JSON of `value` with a snapshot of every object and array in it except `skip`. */
export function snapshotJson(value: unknown, skip: ReadonlySet<object> = new Set()): Snapshot {
  const nodes: NodeSnapshot[] = [];
  const { text, snapshotComplete } = serialize(value, nodes);
  return { text, nodes: nodes.filter((n) => !skip.has(n.node)), complete: snapshotComplete };
}

export function sha256(text: string): string {
  // Measured here: the one-shot crypto.hash() wins on short strings, createHash() on long ones.
  return text.length < 4096 ? hash('sha256', text, 'hex') : createHash('sha256').update(text).digest('hex');
}

/**
 * Serialises with sorted keys, recording a snapshot of every object and array, and
 * serialises from the snapshot's values (so a getter read once is what both the text and the
 * snapshot hold). The snapshot is incomplete when a value came from `toJSON` (a Date can change
 * without its identity changing): such an object is serialised afresh every time.
 */
function serialize(value: unknown, nodes: NodeSnapshot[]): { text: string; snapshotComplete: boolean } {
  let snapshotComplete = true;
  const replacer = function (this: Record<string, unknown>, key: string, v: unknown): unknown {
    // A value that differs from its holder's came from toJSON (NaN also lands here, harmlessly).
    if (this[key] !== v) snapshotComplete = false;
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      const values = v.slice();
      nodes.push({ node: v, keys: undefined, values });
      return values;
    }
    const keys = Object.keys(v);
    const values = keys.map((k) => (v as Record<string, unknown>)[k]);
    nodes.push({ node: v, keys, values });
    const out: Record<string, unknown> = {};
    for (const i of sortedOrder(keys)) out[keys[i]!] = values[i];
    return out;
  };
  const text = stringifyChecked(() => JSON.stringify(value, replacer));
  return { text, snapshotComplete };
}

function stringifyChecked(stringify: () => string | undefined): string {
  try {
    return stringify() ?? 'null';
  } catch (error) {
    // Copies defeat JSON.stringify's cycle check: a cycle shows up as stack exhaustion.
    if (error instanceof RangeError) throw new TypeError('Converting circular structure to JSON (or one nested too deeply)', { cause: error });
    throw error;
  }
}

/** Whether every recorded object and array still holds exactly what it held. */
export function unchanged(nodes: readonly NodeSnapshot[]): boolean {
  for (const { node, keys, values } of nodes) {
    const source = node as Record<string | number, unknown>;
    if (keys) {
      const now = Object.keys(node);
      if (now.length !== keys.length) return false;
      for (let i = 0; i < now.length; i++) {
        if (now[i] !== keys[i] || source[now[i]!] !== values[i]) return false;
      }
    } else {
      if ((node as unknown[]).length !== values.length) return false;
      for (let i = 0; i < values.length; i++) if (source[i] !== values[i]) return false;
    }
  }
  return true;
}

function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

function sortedOrder(keys: readonly string[]): number[] {
  const order = keys.map((_, i) => i);
  return isSorted(keys) ? order : order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
}
