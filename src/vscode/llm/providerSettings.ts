// The `switchboard.providers` setting: applied to the provider pool at start and again on every
// change, so edits apply without a reload (only changed providers are rebuilt). Config reads and
// validates it; the one write (a provider's default model) is here.
import * as vscode from 'vscode';
import type { ProviderPool } from '../../core/llm/factory';
import type { Disposable } from '../../core/lifecycle';
import type { ParsedProviderConfigs } from '../../core/llm/providerConfig';
import type { ConfigPort } from '../config';

export const PROVIDERS_SECTION = 'switchboard';
export const PROVIDERS_KEY = 'providers';

/** Applies the parsed setting to the pool and logs what changed and what was wrong. */
export function applyProviderSettings(pool: ProviderPool, log: vscode.LogOutputChannel, { configs, problems }: ParsedProviderConfigs): void {
  const changes = pool.configure(configs);
  for (const problem of [...problems, ...changes.errors.map((e) => e.message)]) log.warn(problem);
  const changed = [...changes.created, ...changes.rebuilt, ...changes.removed];
  if (changed.length) {
    log.info(`providers: created [${changes.created.join(', ')}], rebuilt [${changes.rebuilt.join(', ')}], removed [${changes.removed.join(', ')}]`);
  }
  if (problems.length || changes.errors.length) {
    void vscode.window.showWarningMessage(
      `Switchboard: ${problems.length + changes.errors.length} provider setting(s) could not be used. See the Switchboard log.`,
    );
  }
}

export function watchProviderSettings(pool: ProviderPool, config: ConfigPort, log: vscode.LogOutputChannel): Disposable {
  applyProviderSettings(pool, log, config.read().providers);
  return config.onDidChange(['providers'], (c) => applyProviderSettings(pool, log, c.providers));
}

/**
 * Sets one provider's `defaultModel` in the settings scope that defines the list (workspace
 * folder, workspace or user), leaving the other entries as they are.
 */
export async function updateDefaultModel(providerId: string, model: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(PROVIDERS_SECTION);
  const inspected = config.inspect<unknown[]>(PROVIDERS_KEY);
  const scopes: Array<[unknown[] | undefined, vscode.ConfigurationTarget]> = [
    [inspected?.workspaceFolderValue, vscode.ConfigurationTarget.WorkspaceFolder],
    [inspected?.workspaceValue, vscode.ConfigurationTarget.Workspace],
    [inspected?.globalValue, vscode.ConfigurationTarget.Global],
    [inspected?.defaultValue, vscode.ConfigurationTarget.Global],
  ];
  for (const [list, target] of scopes) {
    if (!Array.isArray(list)) continue;
    const index = list.findIndex((e) => (e as { id?: unknown } | null)?.id === providerId);
    if (index < 0) continue;
    const next = list.map((e, i) => (i === index ? { ...(e as object), defaultModel: model } : e));
    await config.update(PROVIDERS_KEY, next, target);
    return;
  }
  throw new Error(`Provider "${providerId}" is not in the switchboard.providers setting`);
}
