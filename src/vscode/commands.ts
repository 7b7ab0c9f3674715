// Commands live in one map from id to handler and are registered in a loop, so the
// manifest, the map and the tests can be checked against each other.
import { errorMessage } from '../core/errorMessage';
import * as vscode from 'vscode';

export type CommandHandler = (...args: unknown[]) => unknown;
export type CommandMap = Readonly<Record<string, CommandHandler>>;

/** `failures` collects `id: message` of every command that threw (shown to the user as well). */
export function registerCommands(map: CommandMap, log: vscode.LogOutputChannel, failures?: string[]): vscode.Disposable[] {
  return Object.entries(map).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (err) {
        const message = errorMessage(err);
        log.error(`${id} failed: ${message}`);
        failures?.push(`${id}: ${message}`);
        void vscode.window.showErrorMessage(`Switchboard: ${message}`);
        return undefined;
      }
    }),
  );
}
