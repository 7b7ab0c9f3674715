// The port through which the pool opens connections. Production passes `serverConnector(version)`
// (stdio, streamable HTTP, SSE); tests pass a factory that links an SDK Client to an
// in-process server. A session needs only a connected client and what to show about it.
import type { Client, DiscoverResult, ElicitRequestParams, ElicitResult, PriorDiscovery } from '@modelcontextprotocol/client';
import type { ServerConfig } from './configTypes';

/** What version negotiation settled on for one connection. */
export interface Negotiated {
  /** `modern`: 2026-07-28 or later, stateless (no session, no `initialize`); `legacy`: the 2025 session era. */
  era: 'modern' | 'legacy';
  version: string;
  /** The server's `server/discover` answer (modern era only): what a cached verdict replays. */
  discover?: DiscoverResult;
  /** The version the server reports for itself, when it does. */
  serverVersion?: string;
  /** True when a cached verdict was passed back (`prior`): a modern-era connect then asks the server nothing. */
  replayed?: boolean;
  /** Why tool list changes will not arrive, when the subscription for them failed (modern era). */
  listenError?: string;
}

export interface Connected {
  client: Client;
  /** How the client reached the server: `stdio`, `http` or `sse` (after fallback). */
  kind: 'stdio' | 'http' | 'sse';
  /** The server's process id, when we spawned it. */
  pid?: number;
  negotiated: Negotiated;
}

/** Answers a server's request for user input (elicitation); untrusted server text inside. */
export type ElicitHandler = (request: ElicitRequestParams) => Promise<ElicitResult>;

export interface ConnectHooks {
  /** Receives the server's stderr (stdio) line by line. */
  onStderr(line: string): void;
  signal?: AbortSignal;
  /** Limit for spawn + initialize. */
  timeoutMs: number;
  /** Called once when the transport is up, before `initialize`: the child spawned, or the first HTTP response arrived. */
  onTransportReady?(): void;
  /** A cached negotiation verdict: skips the `server/discover` probe (and, modern, the handshake). */
  prior?: PriorDiscovery;
  /** Where the server's elicitation requests go; without one they are declined. */
  onElicit?: ElicitHandler;
}

/** Opens one session to a resolved server; rejects when it cannot start or initialize. */
export type ConnectServer = (config: ServerConfig, hooks: ConnectHooks) => Promise<Connected>;
