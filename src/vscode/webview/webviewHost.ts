// The one host-side webview controller every Switchboard page runs in: it renders the page
// (CSP, nonce, resource roots from html.ts), connects the channel (ready handshake, queue,
// request dispatch, shape checks) and owns the panel's disposables. Page controllers only
// declare what their page shows and answers.
import * as vscode from 'vscode';
import { HostChannel, type Transport } from '../../../media/protocol';
import { DisposableStore } from '../../core/lifecycle';
import { renderPage, webviewOptions, type PageSpec } from './html';

/** How a panel's messages travel: the panel's own webview in the product; tests wrap or replace it. */
export type WebviewTransport = Transport;
export type TransportFactory = (panel: vscode.WebviewPanel) => WebviewTransport;

export const panelTransport: TransportFactory = (panel) => ({
  post: (message) => void panel.webview.postMessage(message),
  onMessage: (listener) => panel.webview.onDidReceiveMessage(listener),
});

/** What every page controller is built from. */
export interface WebviewPorts {
  readonly extensionUri: vscode.Uri;
  readonly transport: TransportFactory;
  readonly log: vscode.LogOutputChannel;
}

export interface PanelSpec extends PageSpec {
  readonly viewType: string;
  readonly column: vscode.ViewColumn;
  /** Keep the page alive while its tab is hidden (else it reloads and the channel replays). */
  readonly retainContextWhenHidden?: boolean;
}

export class WebviewHost implements vscode.Disposable {
  readonly channel: HostChannel;
  /** Disposed with the panel: page controllers add their handlers and subscriptions here. */
  readonly store = new DisposableStore();
  private readonly onDidDisposeEmitter = new vscode.EventEmitter<void>();
  /** Fires once, when the panel closes (the user closed it, or dispose()). */
  readonly onDidDispose = this.onDidDisposeEmitter.event;

  /** Opens a new panel for the page. */
  static open(ports: WebviewPorts, spec: PanelSpec, title: string): WebviewHost {
    const options = { ...webviewOptions(ports.extensionUri), retainContextWhenHidden: spec.retainContextWhenHidden ?? false };
    return new WebviewHost(ports, vscode.window.createWebviewPanel(spec.viewType, title, spec.column, options), spec);
  }

  /** Takes over a panel VS Code restored (its serializer's) or made elsewhere, and renders the page in it. */
  constructor(
    ports: WebviewPorts,
    readonly panel: vscode.WebviewPanel,
    spec: PageSpec,
  ) {
    panel.webview.options = webviewOptions(ports.extensionUri);
    this.channel = this.store.add(new HostChannel(ports.transport(panel), (line) => ports.log.warn(`${spec.title}: ${line}`)));
    panel.webview.html = renderPage(panel.webview, ports.extensionUri, spec);
    this.store.add(
      panel.onDidDispose(() => {
        this.store.dispose();
        this.onDidDisposeEmitter.fire();
        this.onDidDisposeEmitter.dispose();
      }),
    );
  }

  get isDisposed(): boolean {
    return this.store.isDisposed;
  }

  dispose(): void {
    this.panel.dispose();
  }
}
