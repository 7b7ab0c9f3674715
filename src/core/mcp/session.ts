// One configured server: its persistent session(s), state machine, reconnects and health checks.
// Concurrent calls share one SDK Client (it multiplexes by request id); HTTP servers may open
// up to `maxSessions`. A call that was sent is never retried: when a session dies, its calls
// fail at once with a clear error and only *later* calls ride the reconnected session.
import { SdkHttpError } from '@modelcontextprotocol/client';
import type { CallToolResult, Client, RequestOptions, Tool } from '@modelcontextprotocol/client';
import { errorMessage } from '../errorMessage';
import { Emitter } from '../lifecycle';
import type { Logger } from '../log';
import type { ServerEntry } from './configDiff';
import type { ServerConfig } from './configTypes';
import { SessionTiming, handshakePhase } from './connectTiming';
import { VerdictBook } from './eraVerdicts';
import { connectNegotiated } from './negotiatedConnect';
import { toToolCallError } from './callErrors';
import { PendingCall } from './pendingCall';
import { ServerStartError, ToolCallError } from './errors';
import { idleLimitMs, leastBusy, liveStatus, startHealthTimer } from './sessionHealth';
import type { Conn } from './sessionHealth';
import { StderrTail, abortable, isNetworkError, redactingLogger, retryWithBackoff, startFailureMessage } from './sessionUtil';
import { sendToolCall } from './toolCall';
import { listAllPages } from './toolListing';
import type { CallOptions, PoolHost, PoolSettings, ServerState, ServerStatus } from './poolTypes';

export class ServerSession {
  private state: ServerState = 'stopped';
  private lastError: string | undefined;
  private readonly stderrTail = new StderrTail(() => this.settings.stderrLines, () => this.config?.secrets ?? []);
  private conns: Conn[] = [];
  private connecting: Promise<Conn> | undefined;
  private extraOpening = false;
  private life = new AbortController();
  private healthTimer: NodeJS.Timeout | undefined;
  private config: ServerConfig | undefined;
  private readonly log: Logger;
  private readonly verdicts: VerdictBook | undefined;
  readonly onDidChangeStatus = new Emitter<ServerStatus>();
  /** Fires after each (re)connect and on tools/list_changed. */
  readonly onToolsChanged = new Emitter<{ server: string; reason: 'connected' | 'list_changed' }>();
  /** Each cold connect's phases and each warm call's time. */
  readonly timing: SessionTiming;

  constructor(
    readonly entry: ServerEntry,
    private readonly host: PoolHost,
    private readonly settings: PoolSettings,
  ) {
    this.log = redactingLogger(host.logger(entry.name), () => this.config?.secrets ?? []);
    this.timing = new SessionTiming(entry.name, host.clock);
    this.verdicts = host.verdicts && new VerdictBook(host.verdicts);
  }

  get name(): string {
    return this.entry.name;
  }

  status(): ServerStatus {
    const { name, state, lastError } = this;
    return { name, source: this.entry.source, state, lastError, stderrTail: this.stderrTail.lines(), ...liveStatus(this.conns) };
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
    for (const c of conns) this.markRetired(c, reason);
    await Promise.all(conns.map((c) => c.connected.client.close().catch(() => undefined)));
    this.setState('stopped');
  }

  /** Forgets the negotiation verdict too: a restart asks the server again which era it speaks. */
  async restart(): Promise<void> {
    this.lastError = undefined;
    if (this.config) this.verdicts?.forget(this.config);
    await this.stop('restarted');
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop('removed');
    for (const emitter of [this.onDidChangeStatus, this.onToolsChanged, this.timing.onTiming]) emitter.dispose();
  }

  async callTool(tool: string, args: Record<string, unknown>, opts: CallOptions = {}): Promise<CallToolResult> {
    const call = new PendingCall(opts.timeoutMs ?? this.entry.server.timeoutMs ?? this.settings.callTimeoutMs, opts.signal, opts.onProgress);
    try {
      return await this.callOnce(tool, args, call, false);
    } catch (err) {
      throw this.callError(err, tool, call, undefined);
    } finally {
      call.dispose();
    }
  }

  private async callOnce(tool: string, args: Record<string, unknown>, call: PendingCall, retried: boolean): Promise<CallToolResult> {
    const warm = this.liveConn();
    const conn = warm ?? (await this.connect(call.waitSignal()));
    conn.inflight++;
    conn.calls.add(call);
    try {
      // Only a call that rode an open session is warm: the others' time includes the connect.
      return await this.timing.call(!!warm, () => call.run(sendToolCall(conn.connected, tool, args, call.sdkOptions())));
    } catch (err) {
      // 404 means the server no longer knows the session, so it never ran the tool: re-initialize and
      // send it once on the new session. Every other failure may have reached the tool and is not retried.
      if (!retried && err instanceof SdkHttpError && err.status === 404) {
        this.log.info('session expired (HTTP 404); re-initializing');
        conn.calls.delete(call); // this call moves to the new session rather than failing with the old one
        this.retire(conn, 'session expired');
        return this.callOnce(tool, args, call, true);
      }
      if (!conn.retired && conn.connected.kind !== 'stdio' && isNetworkError(err)) {
        // HTTP transports do not close when the server goes away; the failed request is the signal.
        this.lose(conn, 'connection lost', `connection lost: ${errorMessage(err)}`);
      }
      throw this.callError(err, tool, call, conn.retired);
    } finally {
      conn.inflight--;
      conn.calls.delete(call);
      conn.lastUsed = performance.now();
    }
  }

  private callError(err: unknown, tool: string, call: PendingCall, closedBecause: string | undefined): Error {
    const ended = call.endedBecause(err);
    const restarting = this.state === 'starting' && this.lastError !== undefined;
    return toToolCallError(err, { server: this.name, tool, ended, timeoutMs: call.timeoutMs, cappedAtMs: call.cappedAtMs, sent: call.sent, restarting, closedBecause, lastError: this.lastError, lastStderr: this.stderrTail.last() });
  }

  /** Lists every tool, following nextCursor (the SDK's own refresh reads only the first page). */
  listAllTools(signal?: AbortSignal): Promise<Tool[]> {
    return this.read((client, options, conn) => this.timing.list(conn, () => listAllPages(client, this.name, options)), signal);
  }

  /** Runs a request without side effects (listing, reading) on a live session; an expired one is re-initialized and asked again. */
  async read<T>(run: (client: Client, options: RequestOptions, conn: Conn) => Promise<T>, signal?: AbortSignal, retried = false): Promise<T> {
    const conn = await this.acquire(signal);
    try {
      return await run(conn.connected.client, { signal, timeout: this.settings.callTimeoutMs }, conn);
    } catch (err) {
      if (retried || !(err instanceof SdkHttpError && err.status === 404)) throw err;
      this.retire(conn, 'session expired');
      return this.read(run, signal, true);
    }
  }
  private acquire = (signal: AbortSignal | undefined): Promise<Conn> => Promise.resolve(this.liveConn() ?? this.connect(signal));

  /** The least busy live session, if any (and a hint to open another when all are busy). */
  private liveConn(): Conn | undefined {
    const { best, live } = leastBusy(this.conns);
    if (best && best.inflight > 0) this.maybeOpenExtra(live);
    return best;
  }

  private async connect(signal: AbortSignal | undefined): Promise<Conn> {
    if (this.state === 'error') {
      throw new ToolCallError('not-running', `MCP server "${this.name}" is in error state (${this.lastError ?? 'unknown error'}); restart it to try again`, this.name);
    }
    return abortable(this.ensureConnecting(() => this.startOnce()), signal);
  }

  /** One connect attempt at a time: later callers share the running one. */
  private ensureConnecting(run: () => Promise<Conn>): Promise<Conn> {
    const p = (this.connecting ??= run().finally(() => {
      if (this.connecting === p) this.connecting = undefined;
    }));
    p.catch(() => undefined);
    return p;
  }

  private readonly startOnce = (): Promise<Conn> => this.starting('starting', '', (life) => this.open(life));
  private readonly reconnectLoop = (): Promise<Conn> =>
    this.starting('reconnecting', `gave up after ${this.settings.reconnectAttempts} reconnect attempts: `, (life) => retryWithBackoff(this.settings, life, this.log, () => this.open(life)));

  /** Runs `attempt` in state `starting`: ends `running`, or `error` with a reason a user can act on. */
  private async starting(doing: string, prefix: string, attempt: (life: AbortSignal) => Promise<Conn>): Promise<Conn> {
    const life = this.life.signal;
    this.setState('starting');
    try {
      const conn = await attempt(life);
      this.setState('running');
      return conn;
    } catch (err) {
      if (life.aborted) throw new ServerStartError(this.name, `stopped while ${doing}`, { cause: err });
      const message = `${prefix}${startFailureMessage(err, this.config, this.stderrTail.lines())}`;
      this.lastError = message;
      this.log.error(message);
      this.setState('error');
      throw new ServerStartError(this.name, message, { cause: err });
    }
  }

  private maybeOpenExtra(liveCount: number): void {
    const max = this.entry.server.type === 'stdio' ? 1 : Math.max(1, this.entry.server.maxSessions ?? 1);
    if (liveCount >= max || this.extraOpening || this.connecting) return;
    this.extraOpening = true;
    this.open(this.life.signal)
      .catch((err: unknown) => this.log.warn(`extra session failed: ${errorMessage(err)}`))
      .finally(() => (this.extraOpening = false));
  }

  private async open(life: AbortSignal): Promise<Conn> {
    this.config = await this.host.resolve(this.entry);
    await this.host.beforeStart?.(this.config);
    const t = this.config.transport;
    this.log.info(t.type === 'stdio' ? `starting: ${[t.command, ...t.args].join(' ')}` : `connecting: ${t.url} (${t.type})`);
    const timer = this.timing.connectTimer();
    const onElicit = this.host.onElicit?.bind(this.host, this.name);
    const connected = await connectNegotiated(this.host.connect, this.config, {
      onStderr: (line) => this.log.info(`[stderr] ${this.stderrTail.push(line)}`),
      signal: life,
      timeoutMs: this.settings.connectTimeoutMs,
      onTransportReady: () => timer.mark(t.type === 'stdio' ? 'spawn' : 'connect'),
      onElicit,
    }, this.verdicts, (m) => this.log.warn(m));
    timer.mark(handshakePhase(connected.negotiated));
    const conn: Conn = { connected, inflight: 0, lastUsed: performance.now(), calls: new Set(), timer };
    if (life.aborted) {
      await connected.client.close().catch(() => undefined);
      throw new ServerStartError(this.name, 'stopped while starting');
    }
    connected.client.onclose = () => this.closed(conn);
    connected.client.onerror = (err) => this.log.debug(`transport: ${err.message}`);
    connected.client.setNotificationHandler('notifications/tools/list_changed', () => {
      this.onToolsChanged.fire({ server: this.name, reason: 'list_changed' });
    });
    connected.client.setNotificationHandler('notifications/resources/list_changed', () => this.host.onListChanged?.(this.name, 'resources'));
    connected.client.setNotificationHandler('notifications/prompts/list_changed', () => this.host.onListChanged?.(this.name, 'prompts'));
    this.conns.push(conn);
    this.log.info(`connected over ${connected.kind}${connected.pid ? ` (pid ${connected.pid})` : ''}, protocol ${connected.negotiated.version} (${connected.negotiated.era} era)`);
    this.startHealthChecks();
    if (this.conns.length === 1) this.onToolsChanged.fire({ server: this.name, reason: 'connected' });
    return conn;
  }

  private closed(conn: Conn): void {
    this.conns = this.conns.filter((c) => c !== conn);
    if (conn.retired) return;
    this.lastError = 'the connection closed unexpectedly';
    this.log.warn(`connection closed unexpectedly${this.stderrTail.last() ? `; last stderr: ${this.stderrTail.last()}` : ''}`);
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

  /** Fails the session's calls in flight now rather than when the transport finishes closing. */
  private markRetired(conn: Conn, reason: string): void {
    conn.retired = reason;
    for (const call of conn.calls) call.abort('closed');
  }

  private retire(conn: Conn, reason: string): void {
    this.markRetired(conn, reason);
    this.conns = this.conns.filter((c) => c !== conn);
    void conn.connected.client.close().catch(() => undefined);
  }

  private startHealthChecks(): void {
    if (this.healthTimer) return;
    const idleMs = idleLimitMs(this.entry, this.settings);
    this.healthTimer = startHealthTimer(this.settings, idleMs, {
      live: () => this.conns.filter((c) => !c.retired),
      stopIdle: () => {
        this.log.info(`stopping after ${Math.round(idleMs / 60_000)} idle minutes; the next call restarts it`);
        void this.stop('idle');
      },
      pingFailed: (c, err) => {
        if (!c.retired) this.lose(c, 'closed after a failed ping', `ping failed: ${errorMessage(err)}`);
      },
    });
  }

  private setState(state: ServerState): void {
    if (state === 'running') this.lastError = undefined;
    this.state = state;
    this.onDidChangeStatus.fire(this.status());
  }
}
