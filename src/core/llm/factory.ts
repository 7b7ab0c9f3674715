// Provider kinds live in a map (kind -> constructor); the pool holds one provider (and so one
// SDK client with its keep-alive connections) per configured provider, rebuilding it only
// when that provider's configuration changes.
import { errorMessage } from '../errorMessage';
import type { LlmProvider, ProviderConfig, ProviderConstructor, ProviderDeps } from './provider';
import { createAnthropicProvider } from './anthropicProvider';
import { createOpenAiCompatibleProvider, createOpenAiProvider } from './openaiProvider';

export class ProviderFactory {
  private readonly constructors = new Map<string, ProviderConstructor>();

  register(kind: string, construct: ProviderConstructor): this {
    if (this.constructors.has(kind)) throw new Error(`Provider kind "${kind}" is already registered`);
    this.constructors.set(kind, construct);
    return this;
  }

  knownKinds(): string[] {
    return [...this.constructors.keys()].sort();
  }

  create(config: ProviderConfig, deps: ProviderDeps): LlmProvider {
    const construct = this.constructors.get(config.kind);
    if (!construct) {
      throw new Error(`Provider "${config.id}" has unknown kind "${config.kind}"; known kinds: ${this.knownKinds().join(', ')}`);
    }
    return construct(config, deps);
  }
}

/** A factory with the built-in kinds: `openai`, `anthropic`, `openai-compatible`. */
export function createProviderFactory(): ProviderFactory {
  return new ProviderFactory()
    .register('openai', createOpenAiProvider)
    .register('anthropic', createAnthropicProvider)
    .register('openai-compatible', createOpenAiCompatibleProvider);
}

export interface PoolChanges {
  created: string[];
  rebuilt: string[];
  removed: string[];
  unchanged: string[];
  /** Providers whose configuration could not be built; the others still apply. */
  errors: Array<{ id: string; message: string }>;
}

/** Compares configurations independent of key order. */
function configKey(config: ProviderConfig): string {
  return JSON.stringify(Object.entries(config).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
}

export class ProviderPool {
  private readonly entries = new Map<string, { key: string; provider: LlmProvider }>();

  constructor(
    private readonly factory: ProviderFactory,
    private readonly deps: ProviderDeps,
  ) {}

  /** Applies a full list of provider configurations (e.g. after a settings change). */
  configure(configs: readonly ProviderConfig[]): PoolChanges {
    const changes: PoolChanges = { created: [], rebuilt: [], removed: [], unchanged: [], errors: [] };
    const seen = new Set<string>();
    for (const config of configs) {
      if (seen.has(config.id)) {
        changes.errors.push({ id: config.id, message: `Provider id "${config.id}" is configured more than once; the first one is used` });
        continue;
      }
      seen.add(config.id);
      const key = configKey(config);
      const current = this.entries.get(config.id);
      if (current?.key === key) {
        changes.unchanged.push(config.id);
        continue;
      }
      try {
        const provider = this.factory.create(config, this.deps);
        current?.provider.dispose?.();
        this.entries.set(config.id, { key, provider });
        (current ? changes.rebuilt : changes.created).push(config.id);
      } catch (err) {
        // A broken new configuration must not leave the old provider answering under its id.
        current?.provider.dispose?.();
        this.entries.delete(config.id);
        changes.errors.push({ id: config.id, message: errorMessage(err) });
      }
    }
    for (const [id, entry] of this.entries) {
      if (seen.has(id)) continue;
      entry.provider.dispose?.();
      this.entries.delete(id);
      changes.removed.push(id);
    }
    return changes;
  }

  get(id: string): LlmProvider | undefined {
    return this.entries.get(id)?.provider;
  }

  /** Like `get`, but an unknown id is an error naming the configured ones. */
  require(id: string): LlmProvider {
    const provider = this.get(id);
    if (provider) return provider;
    const known = [...this.entries.keys()];
    throw new Error(`No provider "${id}" is configured${known.length ? `; configured: ${known.join(', ')}` : ''}`);
  }

  configs(): ProviderConfig[] {
    return [...this.entries.values()].map((e) => e.provider.config);
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.provider.dispose?.();
    this.entries.clear();
  }
}
