// Commands live in one map from id to handler and are registered in a loop, so the
// manifest, the map and the tests can be checked against each other.
import * as vscode from 'vscode';
import { errorMessage } from '../core/errorMessage';

export type CommandHandler = (...args: unknown[]) => unknown;
export type CommandMap = Readonly<Record<string, CommandHandler>>;

/** A command that throws is logged and shown to the user; its caller gets undefined. */
export function registerCommands(map: CommandMap, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return Object.entries(map).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (err) {
        const message = errorMessage(err);
        log.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Switchboard: ${message}`);
        return undefined;
      }
    }),
  );
}
