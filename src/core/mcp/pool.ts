// The MCP connection pool: one ServerSession per configured server, kept warm and shared by
// every caller. Configuration edits apply live through `apply()`; nothing connects until a
// server is used, started, or marked `eager`.
import type { CallToolResult, Client, RequestOptions, Tool } from '@modelcontextprotocol/client';
import { DisposableStore, Emitter } from '../lifecycle';
import { diffServers } from './configDiff';
import { TimingBook } from './connectTiming';
import type { McpTiming, TimingSummary } from './connectTiming';
import type { ServerEntry } from './configDiff';
import { ToolCallError } from './errors';
import { DEFAULT_POOL_SETTINGS } from './poolTypes';
import type { CallOptions, PoolHost, PoolSettings, ServerStatus } from './poolTypes';
import { ServerSession } from './session';

export class McpPool {
  private readonly sessions = new Map<string, ServerSession>();
  private readonly entries = new Map<string, ServerEntry>();
  /** Each session's forwarded events, disposed when the session is dropped. */
  private readonly forwarding = new Map<string, DisposableStore>();
  private settings: PoolSettings;
  private applying: Promise<unknown> = Promise.resolve();
  readonly onDidChangeStatus = new Emitter<ServerStatus>();
  readonly onToolsChanged = new Emitter<{ server: string; reason: 'connected' | 'list_changed' }>();
  /** Fires with the names of servers that were removed from the configuration. */
  readonly onServersRemoved = new Emitter<string[]>();
  /** Each server's cold connects (phases) and warm calls, as they happen. */
  readonly onTiming = new Emitter<McpTiming>();
  private readonly timings = new TimingBook();

  constructor(
    private readonly host: PoolHost,
    settings: Partial<PoolSettings> = {},
  ) {
    this.settings = { ...DEFAULT_POOL_SETTINGS, ...settings };
  }

  /** Applies a new configuration: added servers appear, removed ones stop, changed ones restart. */
  apply(entries: readonly ServerEntry[]): Promise<{ added: string[]; removed: string[]; changed: string[] }> {
    // Edits can arrive while the previous one is still stopping servers: apply them in order.
    const run = this.applying.then(() => this.applyNow(entries));
    this.applying = run.catch(() => undefined);
    return run;
  }

  private async applyNow(entries: readonly ServerEntry[]): Promise<{ added: string[]; removed: string[]; changed: string[] }> {
    const diff = diffServers(this.entries, entries);
    const restart = diff.changed.filter((e) => this.sessions.get(e.name)?.status().state !== 'stopped');
    await Promise.all([...diff.removed, ...diff.changed.map((e) => e.name)].map((name) => this.drop(name)));
    for (const entry of [...diff.added, ...diff.changed]) this.add(entry);
    if (diff.removed.length) this.onServersRemoved.fire(diff.removed);
    const startNow = [...diff.added.filter((e) => e.server.eager), ...restart];
    for (const entry of startNow) void this.sessions.get(entry.name)?.start().catch(() => undefined);
    return { added: diff.added.map((e) => e.name), removed: diff.removed, changed: diff.changed.map((e) => e.name) };
  }

  updateSettings(settings: Partial<PoolSettings>): void {
    // Sessions read settings at call time, so later calls see the new values.
    Object.assign(this.settings, settings);
  }

  servers(): string[] {
    return [...this.sessions.keys()];
  }

  status(name: string): ServerStatus | undefined {
    return this.sessions.get(name)?.status();
  }

  statuses(): ServerStatus[] {
    return [...this.sessions.values()].map((s) => s.status());
  }

  runningServers(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.status().state === 'running') n++;
    return n;
  }

  /** The server's last cold connect and median warm call in this window, if it has any. */
  timing(name: string): TimingSummary | undefined {
    return this.timings.summary(name);
  }

  entry(name: string): ServerEntry | undefined {
    return this.entries.get(name);
  }

  async callTool(server: string, tool: string, args: Record<string, unknown>, opts?: CallOptions): Promise<CallToolResult> {
    return this.session(server, tool).callTool(tool, args, opts);
  }

  async listAllTools(server: string, signal?: AbortSignal): Promise<Tool[]> {
    return this.session(server).listAllTools(signal);
  }

  /** Runs a request without side effects (lists, reads) on `server`'s warm session, with the call timeout. */
  async read<T>(server: string, run: (client: Client, options: RequestOptions) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.session(server).read(run, signal);
  }

  async start(server: string): Promise<void> {
    return this.session(server).start();
  }

  async stop(server: string): Promise<void> {
    return this.session(server).stop();
  }

  async restart(server: string): Promise<void> {
    return this.session(server).restart();
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((name) => this.drop(name)));
    this.onDidChangeStatus.dispose();
    this.onToolsChanged.dispose();
    this.onServersRemoved.dispose();
    this.onTiming.dispose();
  }

  private session(server: string, tool?: string): ServerSession {
    const s = this.sessions.get(server);
    if (!s) throw new ToolCallError('not-found', `no MCP server named "${server}" is configured`, server, tool);
    return s;
  }

  private add(entry: ServerEntry): void {
    const session = new ServerSession(entry, this.host, this.settings);
    this.entries.set(entry.name, entry);
    this.sessions.set(entry.name, session);
    const forwarding = new DisposableStore();
    forwarding.add(session.onDidChangeStatus.event((s) => this.onDidChangeStatus.fire(s)));
    forwarding.add(session.onToolsChanged.event((e) => this.onToolsChanged.fire(e)));
    forwarding.add(
      session.timing.onTiming.event((t) => {
        this.timings.record(t);
        this.onTiming.fire(t);
      }),
    );
    this.forwarding.set(entry.name, forwarding);
    // Views listing servers learn of a new one here, before it ever connects.
    this.onDidChangeStatus.fire(session.status());
  }

  private async drop(name: string): Promise<void> {
    const session = this.sessions.get(name);
    this.forwarding.get(name)?.dispose();
    this.forwarding.delete(name);
    this.sessions.delete(name);
    this.entries.delete(name);
    await session?.dispose();
  }
}
