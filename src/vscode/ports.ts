// What Switchboard's services are built from. activate() passes VS Code's (productionPorts);
// host tests pass their own: temporary storage folders, scripted prompts, their own status item,
// a browser the test plays.
import type * as vscode from 'vscode';
import type { Disposable } from '../core/lifecycle';
import type { OpenBrowser } from '../core/mcp/oauth/ports';
import type { ConfigPort } from './config';
import type { UiPrompts } from './uiPrompts';
import type { TransportFactory } from './webview/webviewHost';

/** Where Switchboard keeps things, as ExtensionContext has them. */
export interface StoragePorts {
  readonly secrets: vscode.SecretStorage;
  readonly globalState: vscode.Memento;
  readonly workspaceState: vscode.Memento;
  /** Shared by every window: the usage ledger lives here. */
  readonly globalStorageUri: vscode.Uri;
  /** Shared by the windows of one workspace; none without a workspace folder. */
  readonly storageUri: vscode.Uri | undefined;
}

export interface Clock {
  setTimeout(run: () => void, ms: number): Disposable;
  setInterval(run: () => void, ms: number): Disposable;
}

/** What the cost meter draws on: the status-bar item in production. */
export type StatusItemSink = Pick<vscode.StatusBarItem, 'text' | 'tooltip' | 'backgroundColor' | 'command' | 'name' | 'show'>;

export interface SwitchboardPorts {
  /** The extension's folder: dist/ (bundles, wasm) and media/. */
  readonly extensionUri: vscode.Uri;
  /** This build's version (package.json), sent to MCP servers as the client version. */
  readonly version: string;
  readonly storage: StoragePorts;
  readonly config: ConfigPort;
  readonly clock: Clock;
  readonly prompts: UiPrompts;
  readonly log: vscode.LogOutputChannel;
  readonly statusItem: StatusItemSink;
  /** The gateway's item, shown only while the gateway runs. */
  readonly gatewayStatusItem: StatusItemSink & Pick<vscode.StatusBarItem, 'hide'>;
  /** How webview panels talk to their pages: the panel's own webview in production, a probe in tests. */
  readonly webviewTransport: TransportFactory;
  /** This window's workspace (its name), stamped on calls for the workspace budget; undefined = none open. */
  readonly workspace: () => string | undefined;
  /** Opens a page in the user's browser (an MCP sign-in's authorization page): `vscode.env.openExternal` in production. */
  readonly openBrowser: OpenBrowser;
}

export const systemClock: Clock = {
  setTimeout: (run, ms) => {
    const timer = setTimeout(run, ms);
    return { dispose: () => clearTimeout(timer) };
  },
  setInterval: (run, ms) => {
    const timer = setInterval(run, ms);
    return { dispose: () => clearInterval(timer) };
  },
};
