// `tools/call` as Switchboard sends it. The SDK's `callTool()` spends over half of the client's CPU
// per call on work we either do ourselves or do not need (profiles in docs/mcp.md, "What each era costs per call"):
// - `request()` without a result schema probes the era's validator with `undefined` on every call
//   to learn whether the method exists; the probe fails and zod formats the error it never shows;
// - two response-cache look-ups per call (the tool's output validator, its header declarations),
//   each keyed by JSON.stringify of the partition.
// So we pass the SDK's own published CallToolResult schema (`specTypeSchemas`; like the v1 client's,
// it reads a missing `content` as empty) to `request()`, and
// structured output is checked against the tool's outputSchema by the executor (ajv, cached per
// tool, OutputSchemaError), as it was before the SDK learned to do it too.
// `callTool()` stays for the one case where it does more: a modern-era server over HTTP, which may
// declare `x-mcp-header` arguments that callTool mirrors into Mcp-Param-* headers (retrying once
// when the server reports a header mismatch). Over stdio there are no headers to mirror.
import { specTypeSchemas } from '@modelcontextprotocol/client';
import type { CallToolResult, RequestOptions } from '@modelcontextprotocol/client';
import type { Connected } from './connection';

const RESULT = specTypeSchemas.CallToolResult;

/** True when the SDK's callTool() would send something our direct request does not (HTTP headers). */
function needsSdkCallTool(connected: Pick<Connected, 'client' | 'kind'>): boolean {
  return connected.kind !== 'stdio' && connected.client.getProtocolEra() === 'modern';
}

/** Sends `tools/call` for `name` on a connected client and returns the server's result. */
export function sendToolCall(connected: Pick<Connected, 'client' | 'kind'>, name: string, args: Record<string, unknown>, options: RequestOptions): Promise<CallToolResult> {
  const params = { name, arguments: args };
  if (needsSdkCallTool(connected)) return connected.client.callTool(params, options) as Promise<CallToolResult>;
  return connected.client.request({ method: 'tools/call', params }, RESULT, options);
}
