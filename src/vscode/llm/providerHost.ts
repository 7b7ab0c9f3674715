// The host side of providers: secret-backed keys, the provider pool fed from settings, and the
// commands for keys and models. Owned by the extension's subscriptions.
import type * as vscode from 'vscode';
import { ProviderPool, createProviderFactory } from '../../core/llm/factory';
import { Commands } from '../commandIds';
import type { CommandMap } from '../commands';
import type { ConfigPort } from '../config';
import type { UiPrompts } from '../uiPrompts';
import { SecretApiKeys, setApiKey } from './apiKeys';
import { watchProviderSettings } from './providerSettings';
import { selectModel } from './selectModel';

export interface ProviderHost extends vscode.Disposable {
  readonly pool: ProviderPool;
  readonly commands: CommandMap;
}

export interface ProviderHostPorts {
  readonly secrets: vscode.SecretStorage;
  readonly config: ConfigPort;
  readonly prompts: UiPrompts;
  readonly log: vscode.LogOutputChannel;
}

export function createProviderHost({ secrets, config, prompts, log }: ProviderHostPorts): ProviderHost {
  const keys = new SecretApiKeys(secrets);
  const pool = new ProviderPool(createProviderFactory(), { keys, logger: log });
  const watcher = watchProviderSettings(pool, config, log);
  return {
    pool,
    commands: {
      [Commands.setApiKey]: (providerId?: unknown) => setApiKey(keys, prompts, pool.configs(), providerId),
      [Commands.selectModel]: (providerId?: unknown) => selectModel(pool, log, providerId),
    },
    dispose() {
      watcher.dispose();
      pool.dispose();
    },
  };
}
