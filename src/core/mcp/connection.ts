// The port through which the pool opens connections. Production passes `serverConnector(version)`
// (stdio, streamable HTTP, SSE); tests pass a factory that links an SDK Client to an
// in-process server. A session needs only a connected client and what to show about it.
import type { Client } from '@modelcontextprotocol/client';
import type { ServerConfig } from './configTypes';

export interface Connected {
  client: Client;
  /** How the client reached the server: `stdio`, `http` or `sse` (after fallback). */
  kind: 'stdio' | 'http' | 'sse';
  /** The server's process id, when we spawned it. */
  pid?: number;
}

export interface ConnectHooks {
  /** Receives the server's stderr (stdio) line by line. */
  onStderr(line: string): void;
  signal?: AbortSignal;
  /** Limit for spawn + initialize. */
  timeoutMs: number;
  /** Called once when the transport is up, before `initialize`: the child spawned, or the first HTTP response arrived. */
  onTransportReady?(): void;
}

/** Opens one session to a resolved server; rejects when it cannot start or initialize. */
export type ConnectServer = (config: ServerConfig, hooks: ConnectHooks) => Promise<Connected>;
