// Builds SDK transports for a resolved server. Streamable HTTP is tried first and old
// servers fall back to SSE; stdio servers get the SDK's safe default environment plus
// their configured env (never the whole parent environment).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { errorMessage } from '../errorMessage';
import { BatchingStdioTransport } from './batchingStdio';
import type { ResolvedHttp, ResolvedStdio, ServerConfig } from './configTypes';

export interface Connected {
  client: Client;
  transport: Transport;
  /** Which transport won: `stdio`, `http` or `sse` (after fallback). */
  kind: 'stdio' | 'http' | 'sse';
  pid?: number;
}

export interface ConnectHooks {
  /** Receives server stderr (stdio) line by line. */
  onStderr(line: string): void;
  signal?: AbortSignal;
  /** Limit for spawn + initialize. */
  timeoutMs: number;
}

const CLIENT_INFO = { name: 'switchboard', version: '0.1.0' };

/**
 * The SDK's HTTP transports pass one shared AbortSignal to every fetch, and undici keeps a
 * listener on it per request: 50 concurrent calls printed thousands of
 * MaxListenersExceededWarning lines. AbortSignal.any() gives each request its own signal
 * that follows the shared one without adding a listener to it.
 */
export const leakFreeFetch = (url: string | URL, init?: RequestInit): Promise<Response> =>
  fetch(url, init?.signal ? { ...init, signal: AbortSignal.any([init.signal]) } : init);

export function stdioEnvironment(configured: Record<string, string>): Record<string, string> {
  return { ...getDefaultEnvironment(), ...configured };
}

export async function connectServer(config: ServerConfig, hooks: ConnectHooks): Promise<Connected> {
  const t = config.transport;
  if (t.type === 'stdio') return connectStdio(t, hooks);
  if (t.type === 'sse') return connectWith(sseTransport(t), 'sse', hooks);
  try {
    return await connectWith(httpTransport(t), 'http', hooks);
  } catch (err) {
    // Servers that predate streamable HTTP answer the POST with 4xx (404/405): try SSE.
    if (err instanceof StreamableHTTPError && err.code !== undefined && err.code >= 400 && err.code < 500) {
      try {
        return await connectWith(sseTransport(t), 'sse', hooks);
      } catch (sseErr) {
        throw new Error(`streamable HTTP failed (${err.message}); SSE fallback failed too (${errorMessage(sseErr)})`);
      }
    }
    throw err;
  }
}

function httpTransport(t: ResolvedHttp): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL(t.url), {
    requestInit: { headers: t.headers },
    fetch: leakFreeFetch,
    // Our pool owns reconnection; the SDK's own SSE-stream retries would only hide failures.
    reconnectionOptions: { maxRetries: 0, initialReconnectionDelay: 1000, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1 },
  });
}

function sseTransport(t: ResolvedHttp): SSEClientTransport {
  return new SSEClientTransport(new URL(t.url), {
    requestInit: { headers: t.headers },
    eventSourceInit: { fetch: (url, init) => leakFreeFetch(url, { ...init, headers: { ...init?.headers, ...t.headers } }) },
    fetch: leakFreeFetch,
  });
}

async function connectStdio(t: ResolvedStdio, hooks: ConnectHooks): Promise<Connected> {
  const transport = new BatchingStdioTransport({
    command: t.command,
    args: t.args,
    env: stdioEnvironment(t.env),
    cwd: t.cwd,
    stderr: 'pipe',
  });
  let pending = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) if (line) hooks.onStderr(line);
  });
  const connected = await connectWith(transport, 'stdio', hooks);
  return { ...connected, pid: transport.pid ?? undefined };
}

async function connectWith(transport: Transport, kind: Connected['kind'], hooks: ConnectHooks): Promise<Connected> {
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  try {
    await client.connect(transport, { signal: hooks.signal, timeout: hooks.timeoutMs });
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
  return { client, transport, kind };
}
