// The gateway's view of the provider pool: which providers exist, a provider for one client's
// calls (already behind the budget, the response cache and the recorder), and model names
// (`provider/model` or bare) resolved against them.
import type { LlmProvider, ProviderConfig } from '../llm/provider';
import type { ModelInfo } from '../llm/types';
import type { Logger } from '../log';
import { errorMessage } from '../errorMessage';

/** Who a call is made for; the ledger row carries both. */
export interface CallAttribution {
  source: 'gateway';
  client: string;
}

export interface GatewayProviders {
  providers(): readonly ProviderConfig[];
  /** The provider for one client's calls: budget-checked, cached and recorded exactly as Switchboard's own. */
  llm(providerId: string, attribution: CallAttribution): LlmProvider;
}

export interface ResolvedModel {
  provider: LlmProvider;
  config: ProviderConfig;
  /** The model name the provider knows (without the `provider/` prefix). */
  model: string;
}

/** One listed model, named as clients should ask for it. */
export interface CatalogModel {
  id: string;
  providerId: string;
  model: string;
}

const LIST_TTL_MS = 5 * 60_000;

/** Model lists per provider, fetched on first need and kept for a few minutes. */
export class ModelCatalog {
  private readonly lists = new Map<string, { at: number; models: Promise<ModelInfo[]> }>();

  constructor(
    private readonly port: GatewayProviders,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every model of every provider, as `provider/model`; a provider that cannot list offers its default model. */
  async all(signal?: AbortSignal): Promise<CatalogModel[]> {
    const out: CatalogModel[] = [];
    for (const config of this.port.providers()) {
      for (const model of await this.modelsOf(config, signal)) out.push({ id: `${config.id}/${model}`, providerId: config.id, model });
    }
    return out;
  }

  /**
   * `provider/model` when the part before the first `/` names a configured provider (any model
   * of it is accepted: lists are often incomplete); otherwise the first provider that lists the
   * bare name or has it as its default. Undefined when nothing matches.
   */
  async resolve(name: string, client: string, signal?: AbortSignal): Promise<ResolvedModel | undefined> {
    const configs = this.port.providers();
    const slash = name.indexOf('/');
    if (slash > 0) {
      const config = configs.find((c) => c.id === name.slice(0, slash));
      if (config && slash < name.length - 1) return this.resolved(config, name.slice(slash + 1), client);
    }
    for (const config of configs) {
      if (config.defaultModel === name || (await this.modelsOf(config, signal)).includes(name)) return this.resolved(config, name, client);
    }
    return undefined;
  }

  private resolved(config: ProviderConfig, model: string, client: string): ResolvedModel {
    return { config, model, provider: this.port.llm(config.id, { source: 'gateway', client }) };
  }

  private async modelsOf(config: ProviderConfig, signal?: AbortSignal): Promise<string[]> {
    const now = this.now();
    let entry = this.lists.get(config.id);
    if (!entry || now - entry.at > LIST_TTL_MS) {
      const models = this.port
        .llm(config.id, { source: 'gateway', client: 'model-list' })
        .listModels(signal)
        .catch((err: unknown) => {
          this.log.warn(`Gateway: could not list the models of ${config.id}: ${errorMessage(err)}`);
          this.lists.delete(config.id);
          return [] as ModelInfo[];
        });
      entry = { at: now, models };
      this.lists.set(config.id, entry);
    }
    const ids = (await entry.models).map((m) => m.id);
    if (config.defaultModel && !ids.includes(config.defaultModel)) ids.unshift(config.defaultModel);
    return ids;
  }
}
