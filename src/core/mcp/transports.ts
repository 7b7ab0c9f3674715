// The production connection factory: SDK transports for a resolved server. Streamable HTTP is
// tried first and old servers fall back to SSE; stdio servers run under our own transport with
// the SDK's safe default environment plus their configured env (never the whole parent one).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { errorMessage } from '../errorMessage';
import type { ResolvedHttp, ResolvedStdio, ServerConfig } from './configTypes';
import type { ConnectHooks, ConnectServer, Connected } from './connection';
import type { HttpAuth } from './oauth/oauthManager';
import { StdioChildTransport } from './stdioTransport';

/** How the client introduces itself to servers; the host passes its package.json version. */
export interface ClientInfo {
  name: string;
  version: string;
}

type ClientHooks = Pick<ConnectHooks, 'signal' | 'timeoutMs'> & { client: ClientInfo };

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

/** `fetch` that tells `onFirst` when the first response (headers) arrives: the TCP/HTTP phase of a connect. */
function firstResponseFetch(onFirst: (() => void) | undefined): typeof leakFreeFetch {
  let told = !onFirst;
  return async (url, init) => {
    const response = await leakFreeFetch(url, init);
    if (!told) {
      told = true;
      onFirst?.();
    }
    return response;
  };
}

/** OAuth for an HTTP/SSE server, when it may need it (`OAuthManager.attach`). */
export type AuthFor = (config: ServerConfig) => HttpAuth | undefined;

/** The production connection factory, announcing Switchboard at `clientVersion` to every server. */
export function serverConnector(clientVersion: string, authFor?: AuthFor): ConnectServer {
  const client: ClientInfo = { name: 'switchboard', version: clientVersion };
  return (config, hooks) => connectServer(config, { ...hooks, client }, authFor?.(config));
}

async function connectServer(config: ServerConfig, hooks: ConnectHooks & { client: ClientInfo }, auth: HttpAuth | undefined): Promise<Connected> {
  const t = config.transport;
  if (t.type === 'stdio') return connectStdio(t, hooks);
  // The one place OAuth joins a transport: the SDK's provider, and a look at each response.
  const fetchFn = observedFetch(firstResponseFetch(hooks.onTransportReady), auth?.observe);
  const opts: HttpOptions = { fetchFn, authProvider: auth?.provider };
  if (t.type === 'sse') return connectClient(sseTransport(t, opts), 'sse', hooks);
  try {
    return await connectClient(httpTransport(t, opts), 'http', hooks);
  } catch (err) {
    // Servers that predate streamable HTTP answer the POST with 4xx (404/405): try SSE.
    if (err instanceof StreamableHTTPError && err.code !== undefined && err.code >= 400 && err.code < 500) {
      try {
        return await connectClient(sseTransport(t, opts), 'sse', hooks);
      } catch (sseErr) {
        throw new Error(`streamable HTTP failed (${err.message}); SSE fallback failed too (${errorMessage(sseErr)})`);
      }
    }
    throw err;
  }
}

interface HttpOptions {
  fetchFn: typeof leakFreeFetch;
  authProvider: HttpAuth['provider'] | undefined;
}

function observedFetch(inner: typeof leakFreeFetch, observe: ((r: Response) => void) | undefined): typeof leakFreeFetch {
  if (!observe) return inner;
  return async (url, init) => {
    const response = await inner(url, init);
    observe(response);
    return response;
  };
}

function httpTransport(t: ResolvedHttp, { fetchFn, authProvider }: HttpOptions): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL(t.url), {
    requestInit: { headers: t.headers },
    fetch: fetchFn,
    authProvider,
    // Our pool owns reconnection; the SDK's own SSE-stream retries would only hide failures.
    reconnectionOptions: { maxRetries: 0, initialReconnectionDelay: 1000, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1 },
  });
}

function sseTransport(t: ResolvedHttp, { fetchFn, authProvider }: HttpOptions): SSEClientTransport {
  return new SSEClientTransport(new URL(t.url), {
    requestInit: { headers: t.headers },
    authProvider,
    eventSourceInit: { fetch: (url, init) => fetchFn(url, { ...init, headers: { ...init?.headers, ...t.headers } }) },
    fetch: fetchFn,
  });
}

async function connectStdio(t: ResolvedStdio, hooks: ConnectHooks & { client: ClientInfo }): Promise<Connected> {
  const transport = new StdioChildTransport({
    command: t.command, args: t.args, env: stdioEnvironment(t.env), cwd: t.cwd, onStderr: hooks.onStderr, onSpawn: hooks.onTransportReady,
  });
  const connected = await connectClient(transport, 'stdio', hooks);
  return { ...connected, pid: transport.pid };
}

/** Connects a fresh Client over `transport` (initialize included); closes it again on failure. */
export async function connectClient(transport: Transport, kind: Connected['kind'], hooks: ClientHooks): Promise<Connected> {
  const client = new Client(hooks.client, { capabilities: {} });
  try {
    await client.connect(transport, { signal: hooks.signal, timeout: hooks.timeoutMs });
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
  return { client, kind };
}
