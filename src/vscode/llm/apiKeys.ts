// API keys live only in VS Code's SecretStorage (the OS keychain): never in settings, logs or
// the ledger. Core asks for them per request through the ApiKeySource interface.
import type * as vscode from 'vscode';
import type { ApiKeySource, ProviderConfig } from '../../core/llm/provider';
import type { UiPrompts } from '../uiPrompts';
import { pickProvider, providerName } from './providerUi';

export const secretName = (providerId: string): string => `switchboard.apiKey.${providerId}`;

export class SecretApiKeys implements ApiKeySource {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async getApiKey(providerId: string): Promise<string | undefined> {
    return (await this.secrets.get(secretName(providerId))) || undefined;
  }

  setApiKey(providerId: string, key: string): Thenable<void> {
    return this.secrets.store(secretName(providerId), key);
  }

  deleteApiKey(providerId: string): Thenable<void> {
    return this.secrets.delete(secretName(providerId));
  }
}

/**
 * "Switchboard: Set API Key". `providerId` comes from the "Set API Key" button of a failed
 * call; from the palette the user picks the provider. An empty input removes the key.
 */
export async function setApiKey(keys: SecretApiKeys, prompts: UiPrompts, configs: ProviderConfig[], providerId?: unknown): Promise<void> {
  const config =
    (typeof providerId === 'string' ? configs.find((c) => c.id === providerId) : undefined) ??
    (await pickProvider(configs, 'Set the API key of which provider?'));
  if (!config) return;
  const key = await prompts.input({
    title: `API key for ${providerName(config)}`,
    prompt: 'Stored in VS Code secret storage only. Leave empty to remove the stored key.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (/\s/.test(value.trim()) ? 'An API key has no spaces' : undefined),
  });
  if (key === undefined) return; // cancelled
  if (key.trim() === '') {
    await keys.deleteApiKey(config.id);
    void prompts.info(`Switchboard: removed the API key of ${providerName(config)}.`);
    return;
  }
  await keys.setApiKey(config.id, key.trim());
  void prompts.info(`Switchboard: saved the API key of ${providerName(config)} in secret storage.`);
}
