// Settings, statuses and host hooks shared by the pool and its sessions.
import type { Logger } from '../log';
import type { ServerEntry } from './configDiff';
import type { ConfigSource, ServerConfig } from './configTypes';
import type { ElicitRequestParams, ElicitResult } from '@modelcontextprotocol/client';
import type { ConnectServer, Negotiated } from './connection';
import type { VerdictStore } from './eraVerdicts';
import type { Clock } from './connectTiming';
import type { ProgressListener } from './pendingCall';

export type ServerState = 'stopped' | 'starting' | 'running' | 'error';

export interface ServerStatus {
  name: string;
  source: ConfigSource;
  state: ServerState;
  /** Why the server is in `error` (or why its last connection ended). */
  lastError?: string;
  /** The last lines the server wrote to stderr (stdio only), secrets redacted. */
  stderrTail: readonly string[];
  transport?: 'stdio' | 'http' | 'sse';
  pid?: number;
  sessions: number;
  inflight: number;
  /** The protocol era and version the live session negotiated. */
  protocol?: Pick<Negotiated, 'era' | 'version'>;
}

export interface PoolSettings {
  /** Default per-call timeout; a server's `timeoutMs` overrides it. */
  callTimeoutMs: number;
  /** Limit for spawn + initialize. */
  connectTimeoutMs: number;
  /** Ping sessions idle this long; 0 disables health checks. */
  pingIntervalMs: number;
  pingTimeoutMs: number;
  /** Reconnect after an unexpected close: base·2^n ms, capped, `attempts` times, then `error`. */
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  reconnectAttempts: number;
  /** Default idle stop for stdio servers in minutes (0: never); a server's `idleMinutes` overrides it. */
  idleMinutes: number;
  /** Lines of stderr kept per server. */
  stderrLines: number;
}

export const DEFAULT_POOL_SETTINGS: PoolSettings = {
  callTimeoutMs: 60_000,
  connectTimeoutMs: 30_000,
  pingIntervalMs: 30_000,
  pingTimeoutMs: 10_000,
  reconnectBaseMs: 250,
  reconnectMaxMs: 30_000,
  reconnectAttempts: 5,
  idleMinutes: 0,
  stderrLines: 40,
};

/** What the pool needs from its host. */
export interface PoolHost {
  /** Opens a session to a resolved server: `serverConnector(version)` in production, in-process servers in tests. */
  connect: ConnectServer;
  /** Substitutes variables and asks for inputs; throws a clear error when it cannot. */
  resolve(entry: ServerEntry): Promise<ServerConfig>;
  /** Called before each start; throw to refuse (untrusted workspace, user declined the command line). */
  beforeStart?(config: ServerConfig): Promise<void>;
  /** The log for one server (a LogOutputChannel in VS Code). Lines arrive already redacted. */
  logger(server: string): Logger;
  /** Times connects and calls (performance.now when absent). */
  clock?: Clock;
  /** A server sent resources/list_changed or prompts/list_changed (see serverContent.ts). */
  onListChanged?(server: string, list: 'resources' | 'prompts'): void;
  /** Keeps each server's negotiation verdict across connects and windows (globalState in VS Code). */
  verdicts?: VerdictStore;
  /** Answers a server's request for user input; without it every request is declined. */
  onElicit?(server: string, request: ElicitRequestParams): Promise<ElicitResult>;
}

export interface CallOptions {
  /** Overrides the server's and the global timeout: the longest silence (each progress report restarts it; see pendingCall.ts). */
  timeoutMs?: number;
  /** Aborting it cancels the call: the server is sent notifications/cancelled. */
  signal?: AbortSignal;
  /** The server's progress reports for this call, as they arrive (untrusted `message`). */
  onProgress?: ProgressListener;
}
