// Registers Switchboard's models with VS Code's language model API (vendor `switchboard`, declared
// under `contributes.languageModelChatProviders`), and re-lists them when providers or keys change.
import * as vscode from 'vscode';
import type { ProviderPool } from '../../core/llm/factory';
import { onConfigChange } from '../config';
import { ChatModelList } from './chatModels';
import { CHAT_VENDOR, SwitchboardChatProvider, type ChatProviderDeps } from './chatProvider';

export function registerChatModels(
  context: vscode.ExtensionContext,
  pool: ProviderPool,
  deps: Omit<ChatProviderDeps, 'models'>,
): vscode.Disposable {
  const models = new ChatModelList(pool, deps.log);
  const provider = new SwitchboardChatProvider({ ...deps, models });
  return vscode.Disposable.from(
    models,
    onConfigChange(['providers'], () => models.invalidate()),
    context.secrets.onDidChange((e) => e.key.startsWith('switchboard.apiKey.') && models.invalidate()),
    vscode.lm.registerLanguageModelChatProvider(CHAT_VENDOR, provider),
  );
}
