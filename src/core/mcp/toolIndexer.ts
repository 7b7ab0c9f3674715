// Keeps the registry in step with the pool: lists a server's tools (every page) after each
// connect and, debounced, after tools/list_changed; drops servers removed from the config.
import { errorMessage } from '../errorMessage';
import { DisposableStore } from '../lifecycle';
import type { Logger } from '../log';
import type { McpPool } from './pool';
import type { ToolRegistry } from './registry';

export class ToolIndexer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Only the newest listing per server is applied (an older, slower one is dropped). */
  private readonly generation = new Map<string, number>();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly subscriptions = new DisposableStore();

  constructor(
    private readonly pool: McpPool,
    private readonly registry: ToolRegistry,
    private readonly log: Logger,
    private readonly debounceMs = 100,
  ) {
    this.subscriptions.add(
      pool.onToolsChanged.event(({ server, reason }) => {
        if (reason === 'connected') void this.refresh(server);
        else this.schedule(server);
      }),
    );
    this.subscriptions.add(
      pool.onServersRemoved.event((names) => {
        for (const name of names) {
          this.cancel(name);
          registry.removeServer(name);
        }
      }),
    );
  }

  /** Lists `server`'s tools now and swaps them into the registry. */
  refresh(server: string): Promise<void> {
    this.cancel(server);
    const gen = (this.generation.get(server) ?? 0) + 1;
    this.generation.set(server, gen);
    const run = this.pool
      .listAllTools(server)
      .then((tools) => {
        if (this.generation.get(server) !== gen || !this.pool.entry(server)) return;
        const change = this.registry.replaceServer(server, tools);
        this.log.info(`${server}: indexed ${tools.length} tools (registry version ${change.version})`);
      })
      .catch((err: unknown) => this.log.warn(`${server}: listing tools failed: ${errorMessage(err)}`))
      .finally(() => {
        if (this.pending.get(server) === run) this.pending.delete(server);
      });
    this.pending.set(server, run);
    return run;
  }

  /** Resolves when no listing is scheduled or running. */
  async idle(): Promise<void> {
    while (this.timers.size > 0 || this.pending.size > 0) {
      await Promise.all([...this.pending.values(), new Promise((r) => setTimeout(r, this.timers.size ? this.debounceMs : 0))]);
    }
  }

  dispose(): void {
    this.subscriptions.dispose();
    for (const name of [...this.timers.keys()]) this.cancel(name);
  }

  private schedule(server: string): void {
    this.cancel(server);
    const timer = setTimeout(() => {
      this.timers.delete(server);
      void this.refresh(server);
    }, this.debounceMs);
    this.timers.set(server, timer);
  }

  private cancel(server: string): void {
    const timer = this.timers.get(server);
    if (timer) clearTimeout(timer);
    this.timers.delete(server);
  }
}

/**
 * Connects every enabled server whose tools are not known yet and waits for them to be indexed:
 * for callers about to offer tools (a model, a gateway client). Failures land in each server's
 * state and the log.
 */
export async function warmUp(pool: McpPool, registry: ToolRegistry, indexer: ToolIndexer, log: Logger): Promise<void> {
  const waiting = pool
    .statuses()
    .filter((s) => s.state === 'stopped' && registry.preferences.isServerEnabled(s.name) && registry.tools(s.name).length === 0)
    .map((s) => pool.start(s.name).catch((err: unknown) => log.warn(`MCP server "${s.name}": ${errorMessage(err)}`)));
  await Promise.all(waiting);
  await indexer.idle();
}
