// Negotiation verdicts kept per server, so the next connect skips the `server/discover` probe:
// a modern verdict replays the server's discover answer (zero round trips), a legacy one goes
// straight to `initialize`. The SDK leaves freshness to us: a stale modern verdict fails loudly at
// once, but a stale legacy verdict would work forever against an upgraded server, so legacy
// verdicts expire after a week, or as soon as the server reports another version.
import type { PriorDiscovery } from '@modelcontextprotocol/client';
import type { ServerConfig } from './configTypes';
import type { Negotiated } from './connection';

export interface StoredVerdict {
  era: Negotiated['era'];
  version: string;
  discover?: Negotiated['discover'];
  serverVersion?: string;
  /** Epoch milliseconds. */
  savedAt: number;
}

/** Where verdicts live: the host backs it with globalState. */
export interface VerdictStore {
  get(key: string): StoredVerdict | undefined;
  set(key: string, verdict: StoredVerdict): void;
  delete(key: string): void;
}

export const LEGACY_VERDICT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/** The server's name and where it is: another command line or URL is another server. */
export function verdictKey(config: ServerConfig): string {
  const t = config.transport;
  return JSON.stringify([config.name, t.type, t.type === 'stdio' ? [t.command, ...t.args] : t.url]);
}

export class VerdictBook {
  constructor(
    private readonly store: VerdictStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The verdict to pass as `prior`, if one is cached, fresh, and the server negotiates at all. */
  prior(config: ServerConfig): PriorDiscovery | undefined {
    if ((config.options.protocol ?? 'auto') !== 'auto') return undefined;
    const v = this.store.get(verdictKey(config));
    if (!v) return undefined;
    if (v.era === 'modern') return v.discover ? { kind: 'modern', discover: v.discover } : undefined;
    if (this.now() - v.savedAt > LEGACY_VERDICT_MAX_AGE_MS) return undefined;
    return { kind: 'legacy' };
  }

  /** Keeps what a connect negotiated; a legacy server that changed version is asked afresh next time. */
  remember(config: ServerConfig, n: Negotiated, prior: PriorDiscovery | undefined): void {
    if ((config.options.protocol ?? 'auto') !== 'auto') return;
    const key = verdictKey(config);
    const old = this.store.get(key);
    if (prior?.kind === 'legacy' && old && old.serverVersion !== n.serverVersion) {
      this.store.delete(key);
      return;
    }
    if (prior && old) return; // replayed, not re-learned: the first verdict's age stands
    this.store.set(key, { era: n.era, version: n.version, discover: n.discover, serverVersion: n.serverVersion, savedAt: this.now() });
  }

  forget(config: ServerConfig): void {
    this.store.delete(verdictKey(config));
  }
}

/** A verdict store in memory (tests, and hosts without storage). */
export function memoryVerdictStore(): VerdictStore & { map: Map<string, StoredVerdict> } {
  const map = new Map<string, StoredVerdict>();
  return { map, get: (k) => map.get(k), set: (k, v) => void map.set(k, v), delete: (k) => void map.delete(k) };
}
