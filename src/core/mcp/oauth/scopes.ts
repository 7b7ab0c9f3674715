// Scope strings as OAuth writes them: space-separated sets.

function split(scope: string | undefined): string[] {
  return (scope ?? '').split(/\s+/).filter(Boolean);
}

/** Whether `granted` covers every scope in `wanted`. */
export function hasScopes(granted: string | undefined, wanted: string): boolean {
  const have = new Set(split(granted));
  return split(wanted).every((s) => have.has(s));
}

/** The union of scope strings, in first-seen order; undefined when empty. */
export function unionScopes(...scopes: (string | undefined)[]): string | undefined {
  const all = [...new Set(scopes.flatMap(split))];
  return all.length > 0 ? all.join(' ') : undefined;
}
