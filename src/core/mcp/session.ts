// One configured server: its persistent session(s), state machine, reconnects and health checks.
// Concurrent calls share one SDK Client (it multiplexes by request id); HTTP servers may open
// up to `maxSessions`. A call that was sent is never retried: when a session dies, its calls
// fail at once with a clear error and only *later* calls ride the reconnected session.
import { ErrorCode, McpError, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Logger } from '../log';
import type { ServerEntry } from './configDiff';
import { redact } from './configResolve';
import type { ServerConfig } from './configTypes';
import { Emitter } from './emitter';
import { ServerStartError, ToolCallError, backoffDelay } from './errors';
import { abortable, isNetworkError, sleep, startFailureMessage } from './sessionUtil';
import { connectServer, describe } from './transports';
import type { Connected } from './transports';
import type { CallOptions, PoolHost, PoolSettings, ServerState, ServerStatus } from './poolTypes';

interface Conn {
  connected: Connected;
  inflight: number;
  lastUsed: number;
  /** Set when we close it on purpose (stop, failed ping, expired session): no reconnect loop. */
  retired?: string;
}

const MAX_PAGES = 10_000;

export class ServerSession {
  private state: ServerState = 'stopped';
  private lastError: string | undefined;
  private readonly stderrTail: string[] = [];
  private conns: Conn[] = [];
  private connecting: Promise<Conn> | undefined;
  private extraOpening = false;
  private life = new AbortController();
  private healthTimer: NodeJS.Timeout | undefined;
  private config: ServerConfig | undefined;
  private readonly log: Logger;
  readonly onDidChangeStatus = new Emitter<ServerStatus>();
  /** Fires after each (re)connect and on tools/list_changed. */
  readonly onToolsChanged = new Emitter<{ server: string; reason: 'connected' | 'list_changed' }>();

  constructor(
    readonly entry: ServerEntry,
    private readonly host: PoolHost,
    private readonly settings: PoolSettings,
  ) {
    const base = host.logger(entry.name);
    const clean = (m: string | Error) => redact(m instanceof Error ? m.message : m, this.config?.secrets ?? []);
    this.log = {
      trace: (m) => base.trace(clean(m)),
      debug: (m) => base.debug(clean(m)),
      info: (m) => base.info(clean(m)),
      warn: (m) => base.warn(clean(m)),
      error: (m) => base.error(clean(m)),
    };
  }

  get name(): string {
    return this.entry.name;
  }

  status(): ServerStatus {
    const live = this.conns.filter((c) => !c.retired);
    return {
      name: this.name,
      source: this.entry.source,
      state: this.state,
      lastError: this.lastError,
      stderrTail: [...this.stderrTail],
      transport: live[0]?.connected.kind,
      pid: live[0]?.connected.pid,
      sessions: live.length,
      inflight: live.reduce((n, c) => n + c.inflight, 0),
    };
  }

  /** Connects now (eager start or the Start command); resolves once running. */
  async start(): Promise<void> {
    if (this.state === 'error') this.state = 'stopped';
    await this.acquire(undefined);
  }

  async stop(reason = 'stopped'): Promise<void> {
    this.life.abort();
    this.life = new AbortController();
    this.connecting = undefined;
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = undefined;
    const conns = this.conns;
    this.conns = [];
    for (const c of conns) c.retired = reason;
    await Promise.all(conns.map((c) => c.connected.client.close().catch(() => undefined)));
    this.setState('stopped');
  }

  async restart(): Promise<void> {
    await this.stop('restarted');
    this.lastError = undefined;
    this.setState('stopped');
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop('removed');
    this.onDidChangeStatus.dispose();
    this.onToolsChanged.dispose();
  }

  async callTool(tool: string, args: Record<string, unknown>, opts: CallOptions = {}): Promise<CallToolResult> {
    const timeoutMs = opts.timeoutMs ?? this.entry.server.timeoutMs ?? this.settings.callTimeoutMs;
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort('timeout'), timeoutMs);
    const onAbort = () => ctl.abort('cancelled');
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.callOnce(tool, args, ctl.signal, timeoutMs, false);
    } catch (err) {
      throw this.callError(err, tool, ctl.signal, timeoutMs);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async callOnce(tool: string, args: Record<string, unknown>, signal: AbortSignal, timeoutMs: number, retried: boolean): Promise<CallToolResult> {
    const conn = await this.acquire(signal);
    conn.inflight++;
    try {
      // The SDK's own timer is a backstop; ours aborts first and says which limit applied.
      return (await conn.connected.client.callTool({ name: tool, arguments: args }, undefined, { signal, timeout: timeoutMs + 5_000 })) as CallToolResult;
    } catch (err) {
      // 404 means the server no longer knows the session, so it never ran the tool: re-initialize and
      // send it once on the new session. Every other failure may have reached the tool and is not retried.
      if (!retried && err instanceof StreamableHTTPError && err.code === 404) {
        this.log.info('session expired (HTTP 404); re-initializing');
        this.retire(conn, 'session expired');
        return this.callOnce(tool, args, signal, timeoutMs, true);
      }
      if (!conn.retired && conn.connected.kind !== 'stdio' && isNetworkError(err)) {
        // HTTP transports do not close when the server goes away; the failed request is the signal.
        this.lose(conn, 'connection lost', `connection lost: ${describe(err)}`);
      }
      if (conn.retired && (isNetworkError(err) || (err instanceof McpError && err.code === ErrorCode.ConnectionClosed))) {
        throw new ToolCallError(
          'connection-lost',
          `tool "${tool}" on MCP server "${this.name}" failed: the connection was closed (${conn.retired}) while the call was in flight; it was not retried`,
          this.name,
          tool,
          { cause: err },
        );
      }
      throw err;
    } finally {
      conn.inflight--;
      conn.lastUsed = performance.now();
    }
  }

  private callError(err: unknown, tool: string, signal: AbortSignal, timeoutMs: number): Error {
    const who = `tool "${tool}" on MCP server "${this.name}"`;
    if (err instanceof ToolCallError) return err;
    if (signal.aborted && signal.reason === 'timeout') {
      return new ToolCallError('timeout', `${who} did not answer within ${timeoutMs} ms; it was cancelled and not retried`, this.name, tool, { cause: err });
    }
    if (signal.aborted) return new ToolCallError('cancelled', `${who} was cancelled`, this.name, tool, { cause: err });
    if (err instanceof McpError && err.code === ErrorCode.ConnectionClosed) {
      const tail = this.stderrTail.at(-1);
      return new ToolCallError(
        'connection-lost',
        `${who} failed: the connection closed while the call was in flight (${this.lastError ?? 'server exited'}${tail ? `; last stderr: ${tail}` : ''}). It may or may not have run and was not retried`,
        this.name,
        tool,
        { cause: err },
      );
    }
    if (err instanceof ServerStartError) return new ToolCallError('not-running', err.message, this.name, tool, { cause: err });
    return new ToolCallError('server-error', `${who} failed: ${describe(err)}`, this.name, tool, { cause: err });
  }

  /** Lists every tool, following nextCursor (the SDK's own refresh reads only the first page). */
  async listAllTools(signal?: AbortSignal): Promise<Tool[]> {
    const conn = await this.acquire(signal);
    const tools: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await conn.connected.client.listTools(cursor ? { cursor } : {}, { signal, timeout: this.settings.callTimeoutMs });
      tools.push(...result.tools);
      if (!result.nextCursor || result.nextCursor === cursor) return tools;
      cursor = result.nextCursor;
    }
    throw new Error(`MCP server "${this.name}" returned more than ${MAX_PAGES} pages of tools`);
  }

  private async acquire(signal: AbortSignal | undefined): Promise<Conn> {
    const live = this.conns.filter((c) => !c.retired);
    let best = live[0];
    for (const c of live) if (c.inflight < best!.inflight) best = c;
    if (best) {
      if (best.inflight > 0) this.maybeOpenExtra(live.length);
      return best;
    }
    if (this.state === 'error') {
      throw new ToolCallError('not-running', `MCP server "${this.name}" is in error state (${this.lastError ?? 'unknown error'}); restart it to try again`, this.name);
    }
    return abortable(this.ensureConnecting(() => this.startOnce()), signal);
  }

  private ensureConnecting(run: () => Promise<Conn>): Promise<Conn> {
    if (!this.connecting) {
      const p = run().finally(() => {
        if (this.connecting === p) this.connecting = undefined;
      });
      p.catch(() => undefined);
      this.connecting = p;
    }
    return this.connecting;
  }

  private async startOnce(): Promise<Conn> {
    const life = this.life.signal;
    this.setState('starting');
    try {
      const conn = await this.open(life);
      this.setState('running');
      return conn;
    } catch (err) {
      if (life.aborted) throw new ServerStartError(this.name, 'stopped while starting', { cause: err });
      const message = startFailureMessage(err, this.config);
      this.fail(message);
      throw new ServerStartError(this.name, message, { cause: err });
    }
  }

  private async reconnectLoop(): Promise<Conn> {
    const life = this.life.signal;
    this.setState('starting');
    let last: unknown;
    for (let attempt = 0; attempt < this.settings.reconnectAttempts; attempt++) {
      const delay = backoffDelay(attempt, this.settings.reconnectBaseMs, this.settings.reconnectMaxMs);
      this.log.info(`reconnecting in ${delay} ms (attempt ${attempt + 1} of ${this.settings.reconnectAttempts})`);
      await sleep(delay, life);
      if (life.aborted) throw new ServerStartError(this.name, 'stopped while reconnecting');
      try {
        const conn = await this.open(life);
        this.setState('running');
        return conn;
      } catch (err) {
        last = err;
        this.log.warn(`reconnect attempt ${attempt + 1} failed: ${describe(err)}`);
      }
    }
    const message = `gave up after ${this.settings.reconnectAttempts} reconnect attempts: ${startFailureMessage(last, this.config)}`;
    this.fail(message);
    throw new ServerStartError(this.name, message, { cause: last });
  }

  private maybeOpenExtra(liveCount: number): void {
    const max = this.entry.server.type === 'stdio' ? 1 : Math.max(1, this.entry.server.maxSessions ?? 1);
    if (liveCount >= max || this.extraOpening || this.connecting) return;
    this.extraOpening = true;
    this.open(this.life.signal)
      .catch((err: unknown) => this.log.warn(`extra session failed: ${describe(err)}`))
      .finally(() => (this.extraOpening = false));
  }

  private async open(life: AbortSignal): Promise<Conn> {
    this.config = await this.host.resolve(this.entry);
    await this.host.beforeStart?.(this.config);
    const t = this.config.transport;
    this.log.info(t.type === 'stdio' ? `starting: ${[t.command, ...t.args].join(' ')}` : `connecting: ${t.url} (${t.type})`);
    const connected = await connectServer(this.config, {
      onStderr: (line) => this.stderr(line),
      signal: life,
      timeoutMs: this.settings.connectTimeoutMs,
    });
    const conn: Conn = { connected, inflight: 0, lastUsed: performance.now() };
    if (life.aborted) {
      await connected.client.close().catch(() => undefined);
      throw new ServerStartError(this.name, 'stopped while starting');
    }
    connected.client.onclose = () => this.closed(conn);
    connected.client.onerror = (err) => this.log.debug(`transport: ${err.message}`);
    connected.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      this.onToolsChanged.fire({ server: this.name, reason: 'list_changed' });
    });
    this.conns.push(conn);
    this.log.info(`connected over ${connected.kind}${connected.pid ? ` (pid ${connected.pid})` : ''}`);
    this.startHealthChecks();
    if (this.conns.length === 1) this.onToolsChanged.fire({ server: this.name, reason: 'connected' });
    return conn;
  }

  private closed(conn: Conn): void {
    this.conns = this.conns.filter((c) => c !== conn);
    if (conn.retired) return;
    this.lastError = 'the connection closed unexpectedly';
    this.log.warn(`connection closed unexpectedly${this.stderrTail.length ? `; last stderr: ${this.stderrTail.at(-1)}` : ''}`);
    if (this.conns.some((c) => !c.retired)) return;
    void this.ensureConnecting(() => this.reconnectLoop()).catch(() => undefined);
  }

  /** Drops a broken session and reconnects now (a hung process can take seconds to close behind us). */
  private lose(conn: Conn, reason: string, detail: string): void {
    this.log.warn(`${detail}; reconnecting`);
    this.retire(conn, reason);
    this.lastError = detail;
    if (!this.conns.some((o) => !o.retired)) void this.ensureConnecting(() => this.reconnectLoop()).catch(() => undefined);
  }

  private retire(conn: Conn, reason: string): void {
    conn.retired = reason;
    this.conns = this.conns.filter((c) => c !== conn);
    void conn.connected.client.close().catch(() => undefined);
  }

  private startHealthChecks(): void {
    if (this.healthTimer) return;
    const idleMinutes = this.entry.server.idleMinutes ?? this.settings.idleMinutes;
    const idleMs = this.entry.server.type === 'stdio' && idleMinutes > 0 ? idleMinutes * 60_000 : 0;
    const period = Math.min(...[this.settings.pingIntervalMs, idleMs / 4].filter((n) => n > 0));
    if (!Number.isFinite(period)) return;
    this.healthTimer = setInterval(() => this.checkHealth(idleMs), period);
    this.healthTimer.unref();
  }

  private checkHealth(idleMs: number): void {
    const now = performance.now();
    const live = this.conns.filter((c) => !c.retired);
    if (idleMs > 0 && live.length > 0 && live.every((c) => c.inflight === 0 && now - c.lastUsed >= idleMs)) {
      this.log.info(`stopping after ${Math.round(idleMs / 60_000)} idle minutes; the next call restarts it`);
      void this.stop('idle');
      return;
    }
    if (this.settings.pingIntervalMs <= 0) return;
    for (const c of live) {
      if (c.inflight > 0 || now - c.lastUsed < this.settings.pingIntervalMs) continue;
      c.lastUsed = now;
      c.connected.client.ping({ timeout: this.settings.pingTimeoutMs }).catch((err: unknown) => {
        if (!c.retired) this.lose(c, 'closed after a failed ping', `ping failed: ${describe(err)}`);
      });
    }
  }

  private stderr(line: string): void {
    const clean = redact(line, this.config?.secrets ?? []);
    this.stderrTail.push(clean);
    if (this.stderrTail.length > this.settings.stderrLines) this.stderrTail.shift();
    this.log.info(`[stderr] ${clean}`);
  }

  private fail(message: string): void {
    this.lastError = message;
    this.log.error(message);
    this.setState('error');
  }

  private setState(state: ServerState): void {
    if (state === 'running') this.lastError = undefined;
    this.state = state;
    this.onDidChangeStatus.fire(this.status());
  }
}
