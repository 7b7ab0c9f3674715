// The extension's entry point: VS Code's ports → one Switchboard → its contributions.
// activate() returns nothing: no other extension can reach the services (which could run tools
// with approval skipped, read the usage ledger or API keys) through `exports`.
import * as vscode from 'vscode';
import { vscodeConfig } from './vscode/config';
import { registerContributions } from './vscode/contributions';
import { systemClock } from './vscode/ports';
import { createGatewayStatusItem, createStatusItem } from './vscode/statusBar';
import { Switchboard } from './vscode/switchboard';
import { vscodePrompts } from './vscode/uiPrompts';
import { panelTransport } from './vscode/webview/webviewHost';

let switchboard: Switchboard | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Switchboard', { log: true });
  const statusItem = createStatusItem();
  const gatewayStatusItem = createGatewayStatusItem();
  context.subscriptions.push(log, statusItem, gatewayStatusItem);
  const version = (context.extension.packageJSON as { version: string }).version;
  const sb = new Switchboard({
    extensionUri: context.extensionUri,
    version,
    storage: context,
    config: vscodeConfig,
    clock: systemClock,
    prompts: vscodePrompts,
    log,
    statusItem,
    gatewayStatusItem,
    webviewTransport: panelTransport,
    workspace: () => vscode.workspace.name,
    openBrowser: (url) => vscode.env.openExternal(vscode.Uri.parse(url.href, true)),
  });
  switchboard = sb;
  context.subscriptions.push(sb, registerContributions(sb));
  log.info(`Switchboard ${version} activated`);
}

export function deactivate(): Promise<void> | undefined {
  // Everything else is owned by context.subscriptions; the ledger's final checkpoint is awaited.
  return switchboard?.close();
}
