// Shared by the provider host tests: change `switchboard.providers` and wait until VS Code has
// told the extension (its listener was registered first, so it has run when this resolves).
import * as vscode from 'vscode';

export type MutableWindow = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

export async function setProviders(value: unknown): Promise<void> {
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('switchboard.providers')) return;
      sub.dispose();
      resolve();
    });
  });
  await vscode.workspace.getConfiguration('switchboard').update('providers', value, vscode.ConfigurationTarget.Global);
  await changed;
}

/** The prompt functions of `vscode.window` as they are now, for restoring after a test replaces some. */
export function windowPrompts(): Partial<MutableWindow> {
  const win = vscode.window;
  return {
    showInputBox: win.showInputBox,
    showQuickPick: win.showQuickPick,
    showSaveDialog: win.showSaveDialog,
    showInformationMessage: win.showInformationMessage,
    showWarningMessage: win.showWarningMessage,
    showErrorMessage: win.showErrorMessage,
  };
}
