// The models Switchboard offers VS Code's chat: every configured provider's `listModels` merged with
// its default model, named after the provider, with limits and capabilities from the price data.
// Listed once and kept until providers or keys change (then VS Code is told to ask again).
import * as vscode from 'vscode';
import { chatModelLimits } from '../../core/chat/modelInfo';
import type { ProviderConfig } from '../../core/llm/provider';
import type { ProviderPool } from '../../core/llm/factory';
import { providerName } from '../llm/providerUi';

export interface SwitchboardChatModel extends vscode.LanguageModelChatInformation {
  readonly providerId: string;
  readonly model: string;
}

/** Listing a provider's models waits this long before settling for its default model. */
const LIST_TIMEOUT_MS = 5000;
/** Models a chat cannot use (embeddings, speech, images, moderation) are left out of the picker. */
const NOT_CHAT = /(?:embed|tts|whisper|dall-e|moderation|transcribe|realtime|audio|image|search-preview)/i;

export function chatModelInfo(config: ProviderConfig, model: string): SwitchboardChatModel {
  const limits = chatModelLimits(config.kind, model);
  return {
    id: `${config.id}/${model}`,
    name: `${model} · ${providerName(config)} (Switchboard)`,
    family: model,
    version: model,
    detail: 'Switchboard',
    tooltip: `${model} through Switchboard's ${providerName(config)} provider: metered, cached and held to budget.`,
    maxInputTokens: limits.maxInputTokens,
    maxOutputTokens: limits.maxOutputTokens,
    capabilities: { toolCalling: limits.toolCalling, imageInput: limits.imageInput },
    providerId: config.id,
    model,
  };
}

export class ChatModelList implements vscode.Disposable {
  private listing: Promise<SwitchboardChatModel[]> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly pool: ProviderPool,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  models(): Promise<SwitchboardChatModel[]> {
    this.listing ??= Promise.all(this.pool.configs().map((c) => this.modelsOf(c))).then((lists) => lists.flat());
    return this.listing;
  }

  /** Providers or keys changed: list again when next asked, and tell VS Code to ask. */
  invalidate(): void {
    this.listing = undefined;
    this.changed.fire();
  }

  private async modelsOf(config: ProviderConfig): Promise<SwitchboardChatModel[]> {
    const ids = config.defaultModel ? [config.defaultModel] : [];
    try {
      const listed = await this.pool.require(config.id).listModels(AbortSignal.timeout(LIST_TIMEOUT_MS));
      for (const m of listed) if (!ids.includes(m.id) && !NOT_CHAT.test(m.id)) ids.push(m.id);
    } catch (err) {
      // No key yet, or the server is down: offer the default model; a request will say what is wrong.
      this.log.debug(`chat models: ${config.id} lists only its default model: ${err instanceof Error ? err.message : String(err)}`);
    }
    return ids.map((id) => chatModelInfo(config, id));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
