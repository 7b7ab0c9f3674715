// The parts bench/mcpClient.bench.ts measures against each other: one "warm caller" per client
// (v1 client on the SDK's stdio transport and on ours, the v2 client as the product connects it,
// the v2 client held to the 2025 handshake, and a bare JSON-RPC caller that speaks either era with
// no SDK at all), a canned in-process transport that isolates the client library's own work, and
// the CPU time a server process has used (from /proc), so client and server time are told apart.
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/client';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport as V1Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { PendingCall } from '../src/core/mcp/pendingCall';
import { StdioChildTransport } from '../src/core/mcp/stdioTransport';
import { sendToolCall } from '../src/core/mcp/toolCall';
import { connectClient } from '../src/core/mcp/transports';

export interface WarmCaller {
  /** The server process, for its CPU time. */
  pid: number | undefined;
  call(): Promise<unknown>;
  close(): Promise<void>;
}

export const ECHO = { name: 'echo', arguments: { text: 'x' } };
const CLIENT = { name: 'bench', version: '1' };
const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': CLIENT,
  'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } },
};

/**
 * The options a session gives every call (time left, progress token, reset on progress), for
 * every client alike: the progress token alone adds a `_meta` to each request.
 */
function callOptions(): ReturnType<PendingCall['sdkOptions']> {
  const call = new PendingCall(30_000, undefined);
  const options = call.sdkOptions();
  call.dispose();
  return options;
}

const ourStdio = (args: string[]) => new StdioChildTransport({ command: process.execPath, args, env: { PATH: process.env.PATH ?? '' }, onStderr: () => undefined });

/** Today's v1 client (@modelcontextprotocol/sdk 1.x), on the SDK's stdio transport or on ours. */
export async function v1Caller(args: string[], transport: 'sdk' | 'ours'): Promise<WarmCaller> {
  const client = new V1Client(CLIENT);
  const t = transport === 'sdk' ? new StdioClientTransport({ command: process.execPath, args, stderr: 'ignore' }) : ourStdio(args);
  // Our transport implements the v2 Transport; the v1 one has the same shape (JSON-RPC in, out).
  await client.connect(t as unknown as V1Transport);
  return { pid: t.pid ?? undefined, call: () => client.callTool(ECHO, undefined, callOptions()), close: () => client.close() };
}

/**
 * The v2 client as Switchboard connects it (our stdio, tool-change subscription), in `auto` or held
 * to `legacy`, calling as a session does (`sendToolCall`) or through the SDK's own `callTool()`.
 */
export async function v2Caller(args: string[], protocol: 'auto' | 'legacy', via: 'ours' | 'callTool' = 'ours'): Promise<WarmCaller> {
  const t = ourStdio(args);
  const connected = await connectClient(t, 'stdio', { client: CLIENT, timeoutMs: 30_000, protocol });
  return { pid: t.pid, call: v2Call(connected.client, via), close: () => connected.client.close() };
}

function v2Call(client: Client, via: 'ours' | 'callTool'): () => Promise<unknown> {
  if (via === 'callTool') return () => client.callTool(ECHO, callOptions());
  return () => sendToolCall({ client, kind: 'stdio' }, ECHO.name, ECHO.arguments, callOptions());
}

/** JSON-RPC by hand over our stdio transport: what the server and the pipe cost with no client library. */
export async function rawCaller(args: string[], era: 'modern' | 'legacy'): Promise<WarmCaller> {
  const t = ourStdio(args);
  const waiting = new Map<unknown, () => void>();
  t.onmessage = (m) => {
    const id = 'id' in m ? m.id : undefined;
    waiting.get(id)?.();
    waiting.delete(id);
  };
  await t.start();
  let next = 0;
  const request = (method: string, params: Record<string, unknown>) =>
    new Promise<void>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      void t.send({ jsonrpc: '2.0', id, method, params });
    });
  if (era === 'legacy') {
    await request('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: CLIENT });
    await t.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }
  const params = era === 'modern' ? { ...ECHO, _meta: MODERN_META } : ECHO;
  return { pid: t.pid, call: () => request('tools/call', params), close: () => t.close() };
}

/** CPU time (user + system, ms) the process has used so far; Linux only, else NaN. */
export function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks at USER_HZ = 100
  } catch {
    return NaN;
  }
}

/** Answers every request at once from this process: the client library's work with no pipe and no server. */
export class CannedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  constructor(private readonly modern: boolean) {}
  start(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.onclose?.();
    return Promise.resolve();
  }
  send(message: JSONRPCMessage): Promise<void> {
    if (!('method' in message) || !('id' in message)) return Promise.resolve();
    // A fresh parse each time, as off the wire: no result object is shared between calls.
    const reply = JSON.parse(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: this.answer(message.method) })) as JSONRPCMessage;
    queueMicrotask(() => this.onmessage?.(reply));
    return Promise.resolve();
  }
  private answer(method: string): Record<string, unknown> {
    const serverInfo = { name: 'canned', version: '1.0.0' };
    const meta = { 'io.modelcontextprotocol/serverInfo': serverInfo };
    if (method === 'initialize') return { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo };
    if (method === 'server/discover') return { _meta: meta, supportedVersions: ['2026-07-28'], capabilities: { tools: {} }, resultType: 'complete', ttlMs: 0, cacheScope: 'private' };
    if (method !== 'tools/call') return {};
    const content = [{ type: 'text', text: 'x' }];
    return this.modern ? { _meta: meta, content, resultType: 'complete' } : { content };
  }
}

/** A client connected to a CannedTransport: v1, or v2 in either era (called as a session does, or by `callTool()`). */
export async function cannedCaller(kind: 'v1' | 'v2 legacy' | 'v2 modern', via: 'ours' | 'callTool' = 'ours'): Promise<WarmCaller> {
  if (kind === 'v1') {
    const client = new V1Client(CLIENT);
    await client.connect(new CannedTransport(false) as unknown as V1Transport);
    return { pid: undefined, call: () => client.callTool(ECHO, undefined, callOptions()), close: () => client.close() };
  }
  const client = new Client(CLIENT, { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: kind === 'v2 modern' ? 'auto' : 'legacy' } });
  await client.connect(new CannedTransport(kind === 'v2 modern'));
  return { pid: undefined, call: v2Call(client, via), close: () => client.close() };
}
