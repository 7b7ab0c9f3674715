// Small UI pieces the provider commands share: choosing a provider, and showing a provider
// error with a "Set API Key" button when the key is missing or rejected.
import { errorMessage } from '../../core/errorMessage';
import * as vscode from 'vscode';
import type { ProviderConfig } from '../../core/llm/provider';
import { LlmError } from '../../core/llm/errors';
import { Commands } from '../commandIds';

export const providerName = (c: ProviderConfig): string => c.label ?? c.id;

/** Quick pick of the configured providers; skipped when only one is configured. */
export async function pickProvider(configs: ProviderConfig[], placeHolder: string): Promise<ProviderConfig | undefined> {
  if (configs.length === 0) {
    void vscode.window.showWarningMessage('Switchboard: no providers are configured (setting "switchboard.providers").');
    return undefined;
  }
  if (configs.length === 1) return configs[0];
  const picked = await vscode.window.showQuickPick(
    configs.map((c) => ({ label: providerName(c), description: `${c.id} · ${c.kind}`, config: c })),
    { placeHolder, ignoreFocusOut: true },
  );
  return picked?.config;
}

/**
 * Shows a provider error; for a missing or rejected key the message carries a "Set API Key"
 * button that opens the command for that provider.
 */
export async function showProviderError(err: unknown, log?: vscode.LogOutputChannel): Promise<void> {
  const message = errorMessage(err);
  log?.error(message);
  if (!(err instanceof LlmError) || err.kind !== 'auth') {
    void vscode.window.showErrorMessage(`Switchboard: ${message}`);
    return;
  }
  const action = 'Set API Key';
  const choice = await vscode.window.showErrorMessage(`Switchboard: ${message}`, action);
  if (choice === action) await vscode.commands.executeCommand(Commands.setApiKey, err.providerId);
}
