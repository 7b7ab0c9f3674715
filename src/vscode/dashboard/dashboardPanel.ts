// The usage dashboard: one webview panel, restored after a reload by its serializer, fed
// through the typed protocol in media/protocol.ts and refreshed as calls are recorded.
import * as vscode from 'vscode';
import type { DashboardData, DashboardMessage, DashboardRequest, DashboardUiState, ExecutionDrillDown, RangeChoice } from '../../../media/protocol';
import { renderPage, webviewOptions } from '../webview/html';
import { DASHBOARD_BODY } from './dashboardHtml';

/** Where the dashboard's data comes from (the usage ledger, behind the host's adapter). */
export interface DashboardSource {
  load(range: RangeChoice): Promise<DashboardData>;
  execution(id: string): Promise<ExecutionDrillDown>;
  exportRange(range: RangeChoice, format: 'csv' | 'json'): Promise<void>;
  /** Fires after usage is recorded here or in another window. */
  readonly onDidChange: vscode.Event<void>;
}

export const DASHBOARD_VIEW_TYPE = 'switchboard.dashboard';
const REFRESH_DEBOUNCE_MS = 300;

export class DashboardController implements vscode.Disposable, vscode.WebviewPanelSerializer<DashboardUiState> {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private range: RangeChoice = { kind: '30d' };
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Messages posted to the page, for the host tests. */
  readonly sent: DashboardMessage[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: DashboardSource,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Switchboard Usage', vscode.ViewColumn.Active, {
      ...webviewOptions(this.extensionUri),
      retainContextWhenHidden: false,
    });
    this.attach(panel);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: DashboardUiState | undefined): Promise<void> {
    if (state?.range) this.range = state.range;
    this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): void {
    // One dashboard at a time: a restored panel replaces any open one.
    if (this.panel && this.panel !== panel) this.panel.dispose();
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'switchboard.svg');
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.webview.html = renderPage(panel.webview, this.extensionUri, { title: 'Switchboard Usage', script: 'dashboard.js', body: DASHBOARD_BODY });
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((msg: DashboardRequest) => void this.onMessage(msg)),
      panel.onDidDispose(() => this.panel === panel && this.detach()),
    );
    this.panelDisposables.push(this.source.onDidChange(() => this.scheduleRefresh()));
  }

  private detach(): void {
    this.panel = undefined;
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
    clearTimeout(this.refreshTimer);
  }

  private post(msg: DashboardMessage): void {
    this.sent.push(msg);
    if (this.sent.length > 50) this.sent.shift();
    void this.panel?.webview.postMessage(msg);
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.sendData(false), REFRESH_DEBOUNCE_MS);
  }

  private async onMessage(msg: DashboardRequest): Promise<void> {
    try {
      switch (msg.type) {
        case 'ready':
        case 'setRange':
          this.range = msg.range;
          await this.sendData(true);
          break;
        case 'openExecution':
          this.post({ type: 'execution', detail: await this.source.execution(msg.id) });
          break;
        case 'export':
          await this.source.exportRange(this.range, msg.format);
          break;
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`dashboard: ${message}`);
      this.post({ type: 'error', message });
    }
  }

  private async sendData(showLoading: boolean): Promise<void> {
    if (!this.panel) return;
    if (showLoading) this.post({ type: 'loading' });
    const data = await this.source.load(this.range);
    this.post({ type: 'data', data });
  }

  dispose(): void {
    this.panel?.dispose();
    this.detach();
  }
}
