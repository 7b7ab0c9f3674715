// The host side of providers: secret-backed keys, the provider pool fed from settings, and the
// commands for keys and models. Owned by the extension's subscriptions.
import type * as vscode from 'vscode';
import { ProviderPool, createProviderFactory } from '../../core/llm/factory';
import type { CommandMap } from '../commands';
import { SecretApiKeys, setApiKey } from './apiKeys';
import { SET_API_KEY_COMMAND } from './providerUi';
import { watchProviderSettings } from './providerSettings';
import { selectModel } from './selectModel';

export const SELECT_MODEL_COMMAND = 'switchboard.selectModel';

export interface ProviderHost extends vscode.Disposable {
  readonly pool: ProviderPool;
  readonly commands: CommandMap;
}

export function createProviderHost(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ProviderHost {
  const keys = new SecretApiKeys(context.secrets);
  const pool = new ProviderPool(createProviderFactory(), { keys, logger: log });
  const watcher = watchProviderSettings(pool, log);
  return {
    pool,
    commands: {
      [SET_API_KEY_COMMAND]: (providerId?: unknown) => setApiKey(keys, pool.configs(), providerId),
      [SELECT_MODEL_COMMAND]: (providerId?: unknown) => selectModel(pool, log, providerId),
    },
    dispose() {
      watcher.dispose();
      pool.dispose();
    },
  };
}
