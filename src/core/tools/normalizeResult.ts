// Turns an MCP CallToolResult into one shape for the agent and the UI: text, images, audio,
// embedded resources, resource links and structured content, plus the joined text a model reads.
import { isDeepStrictEqual } from 'node:util';
import type { CallToolResult } from '@modelcontextprotocol/client';

export type ToolContent =
  | { kind: 'text'; text: string }
  | { kind: 'image'; mimeType: string; data: string }
  | { kind: 'audio'; mimeType: string; data: string }
  | { kind: 'resource'; uri: string; mimeType?: string; text?: string; blob?: string }
  | { kind: 'resource_link'; uri: string; name: string; mimeType?: string; description?: string };

export interface ToolResult {
  server: string;
  tool: string;
  /** The server said the tool failed (an answer, not a transport error). */
  isError: boolean;
  content: ToolContent[];
  /** Any JSON value since protocol 2026-07-28 (an object before). */
  structuredContent?: unknown;
  /** Text parts joined, with short placeholders for binary parts: what a model is shown. */
  text: string;
  durationMs: number;
}

export function normalizeResult(server: string, tool: string, raw: CallToolResult, durationMs: number): ToolResult {
  const content: ToolContent[] = [];
  for (const part of raw.content ?? []) {
    switch (part.type) {
      case 'text':
        content.push({ kind: 'text', text: part.text });
        break;
      case 'image':
      case 'audio':
        content.push({ kind: part.type, mimeType: part.mimeType, data: part.data });
        break;
      case 'resource': {
        const r = part.resource;
        content.push({ kind: 'resource', uri: r.uri, mimeType: r.mimeType, ...('text' in r ? { text: r.text } : { blob: r.blob }) });
        break;
      }
      case 'resource_link':
        content.push({ kind: 'resource_link', uri: part.uri, name: part.name, mimeType: part.mimeType, description: part.description });
        break;
    }
  }
  const structuredContent = raw.structuredContent;
  const text = withStructured(content.map(describePart).join('\n'), content, structuredContent);
  return { server, tool, isError: raw.isError === true, content, structuredContent, text, durationMs };
}

/**
 * What a model reads: the content, plus the structured content as JSON unless a text part
 * already carries it (servers are asked to send it both ways; sending it twice costs tokens).
 */
function withStructured(text: string, content: readonly ToolContent[], structured: unknown): string {
  if (structured === undefined) return text;
  const json = JSON.stringify(structured);
  if (!text) return json;
  const carried = content.some((c) => c.kind === 'text' && sameJson(c.text, structured));
  return carried ? text : `${text}\n\nStructured content (JSON): ${json}`;
}

function sameJson(text: string, value: unknown): boolean {
  const t = text.trim();
  if (!t.startsWith('{')) return false;
  try {
    return isDeepStrictEqual(JSON.parse(t), value);
  } catch {
    return false;
  }
}

function describePart(c: ToolContent): string {
  switch (c.kind) {
    case 'text':
      return c.text;
    case 'image':
    case 'audio':
      return `[${c.kind} ${c.mimeType}, ${Math.round((c.data.length * 3) / 4)} bytes]`;
    case 'resource':
      return c.text ?? `[resource ${c.uri}]`;
    case 'resource_link':
      return `[resource link ${c.name}: ${c.uri}]`;
  }
}

/** Bytes of the result's content as sent (for the ledger). */
export function resultBytes(raw: CallToolResult): number {
  return Buffer.byteLength(JSON.stringify(raw));
}
