// Switchboard's chat provider for a Switchboard, and its registration with VS Code's language
// model API (vendor `switchboard`, declared under `contributes.languageModelChatProviders`). The
// model list is listed again when providers or keys change.
import * as vscode from 'vscode';
import { DisposableStore, type Disposable } from '../../core/lifecycle';
import { secretName } from '../llm/apiKeys';
import type { Switchboard } from '../switchboard';
import { ChatModelList } from './chatModels';
import { CHAT_VENDOR, SwitchboardChatProvider } from './chatProvider';

/** The provider over `sb`'s services; host tests call it directly with their own Switchboard. */
export function createChatProvider(sb: Switchboard): { provider: SwitchboardChatProvider; models: ChatModelList } & Disposable {
  const { log, prompts, config, storage } = sb.ports;
  const store = new DisposableStore();
  const models = store.add(new ChatModelList(sb.providers.pool, log));
  store.add(config.onDidChange(['providers'], () => models.invalidate()));
  store.add(storage.secrets.onDidChange((e) => e.key.startsWith(secretName('')) && models.invalidate()));
  const provider = new SwitchboardChatProvider({ models, llm: (id, context) => sb.llm(id, context), usage: sb.usage, prompts, log });
  return { provider, models, dispose: () => store.dispose() };
}

export function registerChatModels(sb: Switchboard): Disposable {
  const chat = createChatProvider(sb);
  const registration = vscode.lm.registerLanguageModelChatProvider(CHAT_VENDOR, chat.provider);
  return {
    dispose: () => {
      registration.dispose();
      chat.dispose();
    },
  };
}
