// The production connection factory: SDK transports for a resolved server. Streamable HTTP is
// tried first and old servers fall back to SSE; stdio servers run under our own transport with
// the SDK's safe default environment plus their configured env (never the whole parent one).
import { Client, SdkHttpError, SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Transport, VersionNegotiationMode } from '@modelcontextprotocol/client';
import { getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { errorMessage } from '../errorMessage';
import type { ResolvedHttp, ResolvedStdio, ServerConfig, ServerOptions } from './configTypes';
import type { ConnectHooks, ConnectServer, Connected } from './connection';
import type { HttpAuth } from './oauth/oauthManager';
import { StdioChildTransport } from './stdioTransport';

/** How the client introduces itself to servers; the host passes its package.json version. */
export interface ClientInfo {
  name: string;
  version: string;
}

type ClientHooks = Pick<ConnectHooks, 'signal' | 'timeoutMs' | 'prior' | 'onElicit'> & { client: ClientInfo; protocol?: ServerOptions['protocol'] };

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
  return (config, hooks) => connectServer(config, { ...hooks, client, protocol: config.options.protocol }, authFor?.(config));
}

async function connectServer(config: ServerConfig, hooks: ConnectHooks & ClientHooks, auth: HttpAuth | undefined): Promise<Connected> {
  const t = config.transport;
  if (t.type === 'stdio') return connectStdio(t, hooks);
  // The one place OAuth joins a transport: the SDK's provider, and a look at each response.
  const fetchFn = observedFetch(firstResponseFetch(hooks.onTransportReady), auth?.observe);
  const opts: HttpOptions = { fetchFn, authProvider: auth?.provider };
  if (!auth) return connectHttp(t, opts, hooks);
  return connectHttp(t, opts, hooks).catch((err: unknown) => {
    throw auth.failed(err);
  });
}

async function connectHttp(t: ResolvedHttp, opts: HttpOptions, hooks: ConnectHooks & ClientHooks): Promise<Connected> {
  if (t.type === 'sse') return connectClient(sseTransport(t, opts), 'sse', hooks);
  try {
    return await connectClient(httpTransport(t, opts), 'http', hooks);
  } catch (err) {
    // Servers that predate streamable HTTP answer the POST with 4xx (404/405): try SSE.
    if (err instanceof SdkHttpError && err.status >= 400 && err.status < 500) {
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

async function connectStdio(t: ResolvedStdio, hooks: ConnectHooks & ClientHooks): Promise<Connected> {
  const transport = new StdioChildTransport({
    command: t.command, args: t.args, env: stdioEnvironment(t.env), cwd: t.cwd, onStderr: hooks.onStderr, onSpawn: hooks.onTransportReady,
  });
  const connected = await connectClient(transport, 'stdio', hooks);
  return { ...connected, pid: transport.pid };
}

/** `auto` probes with `server/discover` and falls back to the 2025 handshake; a version pins the modern era. */
function negotiationMode(protocol: ServerOptions['protocol']): VersionNegotiationMode {
  if (protocol === undefined || protocol === 'auto') return 'auto';
  return protocol === 'legacy' ? 'legacy' : { pin: protocol };
}

/** Connects a fresh Client over `transport` (negotiation included); closes it again on failure. */
export async function connectClient(transport: Transport, kind: Connected['kind'], hooks: ClientHooks): Promise<Connected> {
  const client = new Client(hooks.client, { capabilities: { elicitation: { form: {}, url: {} } }, versionNegotiation: { mode: negotiationMode(hooks.protocol) } });
  const elicit = hooks.onElicit ?? (() => Promise.resolve({ action: 'decline' as const }));
  client.setRequestHandler('elicitation/create', (request) => elicit(request.params));
  try {
    await client.connect(transport, { signal: hooks.signal, timeout: hooks.timeoutMs, prior: hooks.prior });
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
  return { client, kind, negotiated: { ...negotiated(client), listenError: await listenForToolChanges(client, hooks.timeoutMs) } };
}

function negotiated(client: Client): Connected['negotiated'] {
  const modern = client.getProtocolEra() === 'modern';
  return {
    era: modern ? 'modern' : 'legacy',
    version: client.getNegotiatedProtocolVersion() ?? 'unknown',
    discover: modern ? client.getDiscoverResult() : undefined,
    serverVersion: client.getServerVersion()?.version,
  };
}

/**
 * The modern era sends no unsolicited notifications: tool list changes arrive on a
 * `subscriptions/listen` stream, dispatched to the same notification handlers as before.
 * A failed subscription does not fail the connect; the session logs why.
 */
async function listenForToolChanges(client: Client, timeout: number): Promise<string | undefined> {
  if (client.getProtocolEra() !== 'modern' || !client.getServerCapabilities()?.tools?.listChanged) return undefined;
  try {
    await client.listen({ toolsListChanged: true }, { timeout });
    return undefined;
  } catch (err) {
    return errorMessage(err);
  }
}
