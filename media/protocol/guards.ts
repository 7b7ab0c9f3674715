// Shape checks for messages that cross the webview boundary. Pages are untrusted (they render
// server text), so the host checks every page message against these before acting on it. Small
// on purpose: they ship in each page bundle too.

/** Checks a value's shape; the type guard is what lets handlers receive typed params without a cast. */
export type Guard<T> = (value: unknown) => value is T;

export type Guarded<G> = G extends Guard<infer T> ? T : never;

export const isString: Guard<string> = (v): v is string => typeof v === 'string';
export const isNumber: Guard<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
export const isBoolean: Guard<boolean> = (v): v is boolean => typeof v === 'boolean';
export const isNothing: Guard<undefined> = (v): v is undefined => v === undefined || v === null;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function literal<const L extends string>(...values: L[]): Guard<L> {
  return (v): v is L => typeof v === 'string' && (values as string[]).includes(v);
}

export function optional<T>(guard: Guard<T>): Guard<T | undefined> {
  return (v): v is T | undefined => v === undefined || guard(v);
}

export function arrayOf<T>(guard: Guard<T>): Guard<T[]> {
  return (v): v is T[] => Array.isArray(v) && v.every(guard);
}

/** An object with these fields (others are allowed and ignored). */
export function shape<S extends Record<string, Guard<unknown>>>(fields: S): Guard<{ [K in keyof S]: Guarded<S[K]> }> {
  return (v): v is { [K in keyof S]: Guarded<S[K]> } => isRecord(v) && Object.entries(fields).every(([k, guard]) => guard(v[k]));
}

export function oneOf<T extends unknown[]>(...guards: { [K in keyof T]: Guard<T[K]> }): Guard<T[number]> {
  return (v): v is T[number] => guards.some((g) => g(v));
}

/**
 * For messages the host sends: the host is the trusted side, and its payloads are built from
 * these very types, so the page checks only that a payload is an object.
 */
export function fromHost<T extends object>(): Guard<T> {
  return (v): v is T => isRecord(v);
}
