// The gateway's contracts: the server (core) and its routes and host adapter (the `/mcp` endpoint,
// the VS Code side) meet only through these types.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log';

/** A named client of the gateway ("claude-code", "cline", …); `keyId` identifies its key, never the key itself. */
export interface GatewayClient {
  name: string;
  keyId: string;
}

/** Verifies a presented key (Bearer or x-api-key) in constant time; undefined = unknown or revoked. */
export interface ClientKeys {
  verify(presented: string): Promise<GatewayClient | undefined>;
}

export interface GatewayRequestContext {
  client: GatewayClient;
  /** Aborted when the client disconnects or the server stops. */
  signal: AbortSignal;
  requestId: string;
  /**
   * The whole request body, already read by the server under the body limit (empty for GET).
   * The request stream is consumed: handlers read `body`, never `req` (e.g. MCP's
   * `transport.handleRequest(req, res, JSON.parse(body))`).
   */
  body: Buffer;
  /** The request's headers (routes pass a few on to a same-format upstream, e.g. `anthropic-beta`). */
  headers: IncomingHttpHeaders;
}

/**
 * A route handler; the server has already authenticated, checked Host/Origin, applied the client's
 * limits and read the body. It must end `res`; a throw before headers are sent becomes a 500.
 */
export type GatewayHandler = (req: IncomingMessage, res: ServerResponse, ctx: GatewayRequestContext) => Promise<void>;

export interface GatewayLimits {
  /** Largest request body in bytes (413 above it). Default 32 MiB. */
  maxBodyBytes?: number;
  /** Time allowed to send the request headers (slow clients). Default 10 s. */
  headersTimeoutMs?: number;
  /** Time allowed to send the whole request. Default 60 s. */
  requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this. Default 5 s. */
  keepAliveTimeoutMs?: number;
  /** A socket with no traffic at all is closed after this (long streams keep traffic flowing). Default 10 min. */
  idleTimeoutMs?: number;
  /** Requests one client may have in flight (429 above it). Default 16. */
  maxConcurrentPerClient?: number;
  /** Requests one client may start per minute (429 above it). Default 600. */
  requestsPerMinutePerClient?: number;
}

/** What the host shows in its status bar. */
export interface GatewayStats {
  /** Distinct client names that made an authenticated request since local midnight. */
  clientsToday: string[];
  inFlight: number;
}

export interface GatewayServerOptions {
  /** 0 picks a free port (read it back from `GatewayServer.port`). */
  port: number;
  keys: ClientKeys;
  /** Path prefix → handler, e.g. `'/mcp'`, `'/v1/chat/completions'`; the longest matching prefix wins. */
  routes: Record<string, GatewayHandler>;
  limits?: GatewayLimits;
  log: Logger;
  /** Called whenever the stats change (a request starts or ends, a new client appears). */
  onStats?: (stats: GatewayStats) => void;
}

/** Where the client keys' hashes live (the host backs it with SecretStorage). One JSON string. */
export interface SecretSlot {
  read(): Promise<string | undefined>;
  write(value: string): Promise<void>;
}
