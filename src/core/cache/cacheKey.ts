// The response-cache key: SHA-256 of the canonical JSON (keys sorted at every depth) of every
// field that can change the answer. Serving a different request's answer is the one bug a
// response cache must never have, so every ChatRequest field is classified here explicitly.
import { hash } from 'node:crypto';
import type { ProviderConfig } from '../llm/provider';
import type { ChatRequest } from '../llm/types';

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
  // Execution id, cache policy and tags travel with the request but are never sent upstream.
  metadata: 'ignored',
};

/** Provider fields that decide where the request goes. Exhaustive like REQUEST_FIELD_ROLES. */
export const PROVIDER_FIELD_ROLES: { readonly [K in keyof Required<ProviderConfig>]: FieldRole } = {
  id: 'keyed',
  kind: 'keyed',
  baseUrl: 'keyed',
  // The request always names its model; the label is for people.
  defaultModel: 'ignored',
  label: 'ignored',
  // How hard the SDK tries changes whether an answer arrives, not which answer.
  maxRetries: 'ignored',
  timeoutMs: 'ignored',
};

const keyedFields = <T>(roles: { readonly [K in keyof T]: FieldRole }): (keyof T)[] =>
  (Object.keys(roles) as (keyof T)[]).filter((field) => roles[field] === 'keyed');

const KEYED_REQUEST_FIELDS = keyedFields<Required<ChatRequest>>(REQUEST_FIELD_ROLES);
const KEYED_PROVIDER_FIELDS = keyedFields<Required<ProviderConfig>>(PROVIDER_FIELD_ROLES);

/**
 * JSON.stringify with object keys sorted at every depth. Objects whose keys already come in
 * order (most message and part objects) are passed through without a copy, which keeps the
 * replacer close to plain stringify on chat-shaped data.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortKeysReplacer) ?? 'null';
}

function sortKeysReplacer(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) return value;
  const out: Record<string, unknown> = {};
  for (const k of keys.sort()) out[k] = (value as Record<string, unknown>)[k];
  return out;
}

/**
 * The object that is hashed. Unknown own fields (a caller outside the type system, or a field
 * added to the type but not yet to a provider) are keyed too: an unclassified field may cost a
 * miss, never a wrong answer.
 */
export function cacheKeyMaterial(provider: ProviderConfig, request: ChatRequest): Record<string, unknown> {
  const providerPart: Record<string, unknown> = {};
  for (const field of KEYED_PROVIDER_FIELDS) providerPart[field] = provider[field];
  const requestPart: Record<string, unknown> = {};
  for (const field of KEYED_REQUEST_FIELDS) requestPart[field] = request[field];
  for (const field of Object.keys(request)) {
    if (!(field in REQUEST_FIELD_ROLES)) requestPart[`unclassified:${field}`] = (request as unknown as Record<string, unknown>)[field];
  }
  // Versioned so a change to the key scheme can never match entries made by the old one.
  return { v: 1, provider: providerPart, request: requestPart };
}

/** Hex SHA-256 of the canonical key material: 64 characters. */
export function cacheKey(provider: ProviderConfig, request: ChatRequest): string {
  return hash('sha256', canonicalJson(cacheKeyMaterial(provider, request)), 'hex');
}
