// The gateway's HTTP server: loopback only, and every request checked before any route sees it —
// Host (against DNS rebinding), no browser Origin, a client key, the client's limits, the body
// limit. Routes get the authenticated client, an abort signal and the body.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../errorMessage';
import { ClientLimits } from './clientLimits';
import type { GatewayClient, GatewayHandler, GatewayLimits, GatewayServerOptions, GatewayStats } from './types';
import { formatForPath, sendError } from './wireErrors';
import type { GatewayError } from './wireErrors';

export const DEFAULT_LIMITS: Required<GatewayLimits> = {
  maxBodyBytes: 32 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 600_000,
  maxConcurrentPerClient: 16,
  requestsPerMinutePerClient: 600,
};

/** The key a client presented: `Authorization: Bearer …` (OpenAI clients) or `x-api-key` (Anthropic clients). */
function presentedKey(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m?.[1];
  }
  const key = req.headers['x-api-key'];
  return typeof key === 'string' && key ? key : undefined;
}

const refusal = (status: number, type: string, message: string, retryAfterMs?: number): GatewayError =>
  retryAfterMs === undefined ? { status, type, message } : { status, type, message, retryAfterMs };

export class GatewayServer {
  private readonly limits: Required<GatewayLimits>;
  private readonly clients: ClientLimits;
  private readonly server: Server;
  private readonly routes: Array<[string, GatewayHandler]>;
  private readonly open = new Set<AbortController>();
  private boundPort = 0;

  constructor(private readonly options: GatewayServerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.clients = new ClientLimits(
      { maxConcurrent: this.limits.maxConcurrentPerClient, perMinute: this.limits.requestsPerMinutePerClient },
      options.onStats,
    );
    // Longest prefix first, so '/v1/messages/count_tokens' wins over '/v1/messages'.
    this.routes = Object.entries(options.routes).sort((a, b) => b[0].length - a[0].length);
    this.server = createServer({
      headersTimeout: this.limits.headersTimeoutMs,
      requestTimeout: this.limits.requestTimeoutMs,
      keepAliveTimeout: this.limits.keepAliveTimeoutMs,
      // How often Node checks the two timeouts above (its default, 30 s, would let a slow client sit that long).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(this.limits.headersTimeoutMs / 4))),
    });
    this.server.setTimeout(this.limits.idleTimeoutMs, (socket) => socket.destroy());
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((err: unknown) => {
        // Only the key check can get here (a store that failed to read): refuse, never crash the host.
        options.log.error(`Gateway request failed before routing: ${errorMessage(err)}`);
        if (!res.headersSent) sendError(res, formatForPath(req.url ?? '/'), refusal(500, 'api_error', 'The gateway could not check the key.'));
      });
    });
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      // A client too slow with its headers or body gets 408 and loses its socket.
      const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`);
      else socket.destroy();
    });
  }

  /** The port bound (useful when asked for port 0); 0 before start. */
  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  stats(): GatewayStats {
    return this.clients.stats();
  }

  /** Open client connections (sockets), for leak checks. */
  connections(): Promise<number> {
    return new Promise((resolve, reject) => this.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
  }

  /** Binds 127.0.0.1 only; rejects (e.g. EADDRINUSE) without leaving anything open. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => reject(err);
      this.server.once('error', fail);
      this.server.listen(this.options.port, '127.0.0.1', () => {
        this.server.off('error', fail);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
    this.options.log.info(`Gateway listening on ${this.url}`);
  }

  /** Aborts every request in flight, closes every connection and frees the port. */
  async stop(): Promise<void> {
    if (!this.server.listening) return;
    for (const c of this.open) c.abort();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    this.options.log.info('Gateway stopped');
  }

  private hostAllowed(host: string | undefined): boolean {
    const h = host?.toLowerCase();
    return h === `127.0.0.1:${this.boundPort}` || h === `localhost:${this.boundPort}`;
  }

  private route(path: string): GatewayHandler | undefined {
    for (const [prefix, handler] of this.routes) {
      if (path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) || path.startsWith(`${prefix}?`)) return handler;
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const format = formatForPath(path);
    const refuse = (e: GatewayError, why: string) => {
      // The log names the check, never a header's value (the key lives in one).
      this.options.log.warn(`Gateway refused ${req.method ?? '?'} ${path} (${requestId}): ${why}`);
      // The body is not read: close the connection rather than drain an unknown amount.
      res.setHeader('connection', 'close');
      sendError(res, format, e);
    };
    if (!this.hostAllowed(req.headers.host)) return refuse(refusal(403, 'permission_error', 'The Host header must be this gateway\'s loopback address.'), 'wrong Host');
    if (req.headers.origin !== undefined) return refuse(refusal(403, 'permission_error', 'Browser requests (with an Origin header) are not accepted.'), 'Origin present');
    const key = presentedKey(req);
    const client = key ? await this.options.keys.verify(key) : undefined;
    if (!client) return refuse(refusal(401, 'authentication_error', 'A valid Switchboard gateway key is required (Authorization: Bearer … or x-api-key).'), key ? 'unknown or revoked key' : 'no key');
    const limited = this.clients.acquire(client.name);
    if (limited) {
      const what = limited.reason === 'rate' ? 'rate limit (requests per minute)' : 'concurrency limit (requests in flight)';
      return refuse(refusal(429, 'rate_limit_error', `Client "${client.name}" is over its ${what}.`, limited.retryAfterMs), `${client.name} over its ${limited.reason} limit`);
    }
    try {
      const handler = this.route(path);
      if (!handler) return refuse(refusal(404, 'not_found_error', `No gateway endpoint at ${path}.`), 'no route');
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > this.limits.maxBodyBytes) return refuse(this.tooLarge(), `body of ${length} bytes`);
      await this.serve(req, res, handler, client, requestId, format);
    } finally {
      this.clients.release(client.name);
    }
  }

  private tooLarge(): GatewayError {
    return refusal(413, 'request_too_large', `The request body is larger than the gateway's limit of ${this.limits.maxBodyBytes} bytes.`);
  }

  private async serve(req: IncomingMessage, res: ServerResponse, handler: GatewayHandler, client: GatewayClient, requestId: string, format: ReturnType<typeof formatForPath>): Promise<void> {
    const abort = new AbortController();
    this.open.add(abort);
    // The client hung up before the answer ended: stop the upstream call too.
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const started = performance.now();
    try {
      const body = await this.readBody(req);
      if (!body) {
        res.setHeader('connection', 'close');
        return sendError(res, format, this.tooLarge());
      }
      await handler(req, res, { client, signal: abort.signal, requestId, body, headers: req.headers });
      this.options.log.debug(`Gateway ${req.method ?? '?'} ${req.url ?? ''} for ${client.name}: ${res.statusCode} in ${(performance.now() - started).toFixed(1)} ms (${requestId})`);
    } catch (err) {
      this.options.log.error(`Gateway ${req.url ?? ''} for ${client.name} failed (${requestId}): ${errorMessage(err)}`);
      sendError(res, format, refusal(500, 'api_error', 'The gateway failed to handle the request.'));
    } finally {
      this.open.delete(abort);
    }
  }

  /** The body, or undefined once it passes the limit (chunked bodies carry no length up front). */
  private readBody(req: IncomingMessage): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.limits.maxBodyBytes) {
          req.removeAllListeners('data');
          req.pause();
          resolve(undefined);
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }
}
