// The response-cache key: SHA-256 of the canonical JSON (keys sorted at every depth) of every
// field that can change the answer. Serving a different request's answer is the one bug a
// response cache must never have, so every ChatRequest field is classified here explicitly.
import type { ProviderConfig } from '../llm/provider';
import type { ChatRequest } from '../llm/types';
import { canonicalJson, sha256, snapshotJson, unchanged } from './canonicalText';
import type { NodeSnapshot } from './canonicalText';

/** `keyed`: part of the key. `ignored`: cannot change the answer (never sent to the provider). */
export type FieldRole = 'keyed' | 'ignored';

/**
 * Every ChatRequest field and its role. The mapped type makes this exhaustive at compile time:
 * adding a field to ChatRequest without classifying it here fails `tsc` (and so every test run).
 */
export const REQUEST_FIELD_ROLES: { readonly [K in keyof Required<ChatRequest>]: FieldRole } = {
  model: 'keyed',
  system: 'keyed',
  messages: 'keyed',
  tools: 'keyed',
  toolChoice: 'keyed',
  temperature: 'keyed',
  topP: 'keyed',
  maxOutputTokens: 'keyed',
  stop: 'keyed',
  responseFormat: 'keyed',
  reasoning: 'keyed',
  seed: 'keyed',
  extra: 'keyed',
  headers: 'keyed',
  // Execution id, cache policy and tags travel with the request but are never sent upstream.
  metadata: 'ignored',
};

/** Provider fields that decide where the request goes. Exhaustive like REQUEST_FIELD_ROLES. */
export const PROVIDER_FIELD_ROLES: { readonly [K in keyof Required<ProviderConfig>]: FieldRole } = {
  id: 'keyed',
  kind: 'keyed',
  baseUrl: 'keyed',
  // Answers a request that names no model (providers fall back to it).
  defaultModel: 'keyed',
  // For people only.
  label: 'ignored',
  // How hard the SDK tries changes whether an answer arrives, not which answer.
  maxRetries: 'ignored',
  timeoutMs: 'ignored',
};

/** In sorted order, so the parts built from them need no re-sorting copy when serialised. */
const keyedFields = <T>(roles: { readonly [K in keyof T]: FieldRole }): (keyof T)[] =>
  (Object.keys(roles) as (keyof T)[]).filter((field) => roles[field] === 'keyed').sort();

const KEYED_REQUEST_FIELDS = keyedFields<Required<ChatRequest>>(REQUEST_FIELD_ROLES);
const KEYED_PROVIDER_FIELDS = keyedFields<Required<ProviderConfig>>(PROVIDER_FIELD_ROLES);

interface KeyMaterial {
  readonly material: { provider: Record<string, unknown>; request: Record<string, unknown>; v: number };
  /** Every top-level value of the material (with unclassified field names), for the memo check. */
  readonly flat: readonly unknown[];
}

/**
 * What is hashed: the provider's and the request's keyed fields. Unknown own fields (a caller
 * outside the type system, or a field added to the type but not yet to a provider) are keyed
 * too: an unclassified field may cost a miss, never a wrong answer.
 */
function keyMaterial(provider: ProviderConfig, request: ChatRequest): KeyMaterial {
  const flat: unknown[] = [];
  // Unset fields stay out of the parts (canonical JSON drops them anyway), not out of `flat`.
  const providerPart: Record<string, unknown> = {};
  for (const field of KEYED_PROVIDER_FIELDS) {
    const value = provider[field];
    flat.push(value);
    if (value !== undefined) providerPart[field] = value;
  }
  const requestPart: Record<string, unknown> = {};
  for (const field of KEYED_REQUEST_FIELDS) {
    const value = request[field];
    flat.push(value);
    if (value !== undefined) requestPart[field] = value;
  }
  for (const field of Object.keys(request)) {
    if (field in REQUEST_FIELD_ROLES) continue;
    const value = (request as unknown as Record<string, unknown>)[field];
    flat.push(field, (requestPart[`unclassified:${field}`] = value));
  }
  // Versioned so a change to the key scheme can never match entries made by the old one.
  return { material: { provider: providerPart, request: requestPart, v: 1 }, flat };
}

/** The canonical JSON that is hashed: what a key stands for, in readable form. */
export function cacheKeyText(provider: ProviderConfig, request: ChatRequest): string {
  return canonicalJson(keyMaterial(provider, request).material);
}

interface KeyMemo {
  readonly flat: readonly unknown[];
  /** Undefined after the first sighting: only a request seen twice pays for a snapshot. */
  readonly nodes: readonly NodeSnapshot[] | undefined;
  readonly key: string;
}

const keyMemo = new WeakMap<ChatRequest, KeyMemo>();

/**
 * Hex SHA-256 (64 characters) of the canonical JSON of the key material. Memoized per request
 * object, and only while a snapshot of everything in it says nothing changed (see
 * canonicalText.ts): a retried or re-sent request costs a walk of its objects instead of
 * serialising and hashing its whole history again, and a mutated request is hashed afresh.
 * The first sighting of a request takes the plain path, so requests sent once (most of them)
 * pay nothing for the memo.
 */
export function cacheKey(provider: ProviderConfig, request: ChatRequest): string {
  const { material, flat } = keyMaterial(provider, request);
  const memo = keyMemo.get(request);
  if (memo?.nodes && sameValues(memo.flat, flat) && unchanged(memo.nodes)) return memo.key;
  if (!memo) {
    const key = sha256(canonicalJson(material));
    keyMemo.set(request, { flat, nodes: undefined, key });
    return key;
  }
  const snapshot = snapshotJson(material, new Set([material, material.provider, material.request]));
  const key = sha256(snapshot.text);
  keyMemo.set(request, { flat, nodes: snapshot.complete ? snapshot.nodes : undefined, key });
  return key;
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
