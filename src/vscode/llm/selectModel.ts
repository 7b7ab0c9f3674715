// "Switchboard: Select Model": the models a provider lists, the current default marked; the
// choice becomes that provider's `defaultModel` setting.
import * as vscode from 'vscode';
import type { ProviderPool } from '../../core/llm/factory';
import { pickProvider, showProviderError } from './providerUi';
import { updateDefaultModel } from './providerSettings';
import { modelItems } from './modelItems';

export async function selectModel(pool: ProviderPool, log: vscode.LogOutputChannel, providerId?: unknown): Promise<void> {
  const configs = pool.configs();
  const config =
    (typeof providerId === 'string' ? configs.find((c) => c.id === providerId) : undefined) ??
    (await pickProvider(configs, 'Select a model of which provider?'));
  if (!config) return;
  const provider = pool.require(config.id);
  const abort = new AbortController();
  try {
    const models = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Listing the models of ${config.label ?? config.id}…`, cancellable: true },
      (_progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return provider.listModels(abort.signal);
      },
    );
    const picked = await vscode.window.showQuickPick(modelItems(models, config.defaultModel), {
      placeHolder: `Model for ${config.label ?? config.id}`,
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    if (!picked) return;
    await updateDefaultModel(config.id, picked.model);
    log.info(`${config.id}: default model set to ${picked.model}`);
  } catch (err) {
    if (!abort.signal.aborted) await showProviderError(err, log);
  }
}
