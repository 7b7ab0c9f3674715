// The Run panel: shows one agent run as it streams (text, tool-call cards, running cost)
// and lets the user cancel it.
import * as vscode from 'vscode';
import type { AgentEvent, RunMessage, RunRequest } from '../../../media/protocol';
import { renderPage, webviewOptions } from './html';

const BODY = `
<h1 id="title"></h1>
<div class="toolbar">
  <span id="model" class="muted"></span>
  <span class="spacer"></span>
  <span>Cost: <strong id="cost">$0.00</strong></span>
  <button id="cancel" class="secondary">Cancel</button>
</div>
<div id="state" class="muted" role="status" aria-live="polite"></div>
<div id="execution" class="muted"></div>
<section id="transcript"></section>
`;

export class RunPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly queue: RunMessage[] = [];
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** Every message of this run, for the host tests. */
  readonly sent: RunMessage[] = [];

  constructor(
    extensionUri: vscode.Uri,
    start: Extract<RunMessage, { type: 'start' }>,
    private readonly cancel: () => void,
  ) {
    this.panel = vscode.window.createWebviewPanel('switchboard.run', `Run: ${start.title.slice(0, 40)}`, vscode.ViewColumn.Beside, {
      ...webviewOptions(extensionUri),
      retainContextWhenHidden: true, // a run keeps streaming while its tab is in the background
    });
    this.panel.webview.html = renderPage(this.panel.webview, extensionUri, { title: 'Switchboard Run', script: 'run.js', body: BODY });
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((m: RunRequest) => {
        if (m.type === 'ready') {
          this.ready = true;
          for (const q of this.queue.splice(0)) void this.panel.webview.postMessage(q);
        } else this.cancel();
      }),
      this.panel.onDidDispose(() => {
        this.disposed = true;
        this.cancel();
      }),
    );
    this.post(start);
  }

  onEvent(event: AgentEvent): void {
    this.post({ type: 'event', event });
  }

  private post(msg: RunMessage): void {
    this.sent.push(msg);
    if (this.disposed) return;
    // Messages sent before the page listens would be lost: hold them until `ready`.
    if (this.ready) void this.panel.webview.postMessage(msg);
    else this.queue.push(msg);
  }

  dispose(): void {
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
