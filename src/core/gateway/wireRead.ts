// Small readers for untrusted request bodies: each returns the value or throws a 400 that names
// the field, so a client learns exactly what it sent wrong.
import type { ContentPart, ImagePart } from '../llm/types';
import { badRequest, GatewayRefusal } from './wireErrors';

export type Obj = Record<string, unknown>;

export function fail(message: string): never {
  throw new GatewayRefusal(badRequest(message));
}

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function str(body: Obj, field: string): string {
  const v = body[field];
  if (typeof v !== 'string' || !v) fail(`"${field}" must be a non-empty string.`);
  return v;
}

export function optNum(body: Obj, field: string): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`"${field}" must be a number.`);
  return v;
}

export function arr(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) fail(`"${field}" must be an array.`);
  return v;
}

export function obj(v: unknown, field: string): Obj {
  if (!isObj(v)) fail(`"${field}" must be an object.`);
  return v;
}

/** `data:<type>;base64,<bytes>`; remote image URLs are refused (the gateway fetches nothing on a client's behalf). */
export function imageFromDataUrl(url: unknown, field: string): ImagePart {
  const m = typeof url === 'string' ? /^data:([^;,]+);base64,(.*)$/s.exec(url) : null;
  if (!m) fail(`"${field}" must be a base64 data: URL; the gateway does not fetch remote images.`);
  return { type: 'image', mediaType: m[1]!, data: m[2]! };
}

/** Joins the text parts of a content value (string or parts) — for places that only take text. */
export function textOf(content: string | ContentPart[]): string {
  return typeof content === 'string' ? content : content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

/** The body minus the given fields: what a same-format upstream receives verbatim. */
export function without(body: Obj, fields: readonly string[]): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(body)) if (!fields.includes(k)) out[k] = v;
  return out;
}
