// The questions and messages the services put to the user (start guard, tool approval, input
// prompts, API keys): one port, so host tests can construct Switchboard with scripted answers.
// The production port looks `vscode.window` up on each call.
import * as vscode from 'vscode';

export interface UiPrompts {
  /** A modal question; resolves to the action chosen, undefined when dismissed. */
  confirm(message: string, detail: string, ...actions: string[]): Promise<string | undefined>;
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  pickText(items: readonly string[], options: vscode.QuickPickOptions): Promise<string | undefined>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  warn(message: string, ...actions: string[]): Promise<string | undefined>;
  error(message: string, ...actions: string[]): Promise<string | undefined>;
}

export const vscodePrompts: UiPrompts = {
  confirm: async (message, detail, ...actions) => vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions),
  pick: async (items, options) => vscode.window.showQuickPick([...items], options),
  pickText: async (items, options) => vscode.window.showQuickPick([...items], options),
  input: async (options) => vscode.window.showInputBox(options),
  info: async (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
  warn: async (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
  error: async (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
};
