// The usage dashboard: one webview panel, restored after a reload by its serializer, answering
// the page's requests (media/protocol/dashboard.ts) and refreshing it as calls are recorded.
import * as vscode from 'vscode';
import { Dashboard, isClientFilter, isRangeChoice, isRecord, type ClientFilter, type DashboardData, type DashboardUiState, type ExecutionDrillDown, type RangeChoice, type TeamDashboardData } from '../../../media/protocol';
import { errorMessage } from '../../core/errorMessage';
import { WebviewHost, type PanelSpec, type WebviewPorts } from '../webview/webviewHost';
import { DASHBOARD_BODY } from './dashboardHtml';

/** Where the dashboard's data comes from (the usage ledger, behind the host's adapter). */
export interface DashboardSource {
  load(range: RangeChoice, client?: ClientFilter): Promise<DashboardData>;
  /** The Team scope; rejects with the reason when the team ledger is off. */
  team(range: RangeChoice): Promise<TeamDashboardData>;
  execution(id: string): Promise<ExecutionDrillDown>;
  exportRange(range: RangeChoice, format: 'csv' | 'json'): Promise<void>;
  /** Fires after usage is recorded here or in another window. */
  readonly onDidChange: vscode.Event<void>;
}

export const DASHBOARD_VIEW_TYPE = 'switchboard.dashboard';
const REFRESH_DEBOUNCE_MS = 300;

const PAGE: PanelSpec = {
  viewType: DASHBOARD_VIEW_TYPE,
  column: vscode.ViewColumn.Active,
  title: 'Switchboard Usage',
  script: 'dashboard.js',
  body: DASHBOARD_BODY,
};

/** The dashboard panel; also its serializer (contributions.ts registers it), which VS Code calls to restore one. */
export class DashboardController implements vscode.Disposable, vscode.WebviewPanelSerializer<DashboardUiState> {
  private host: WebviewHost | undefined;
  private range: RangeChoice = { kind: '30d' };
  private client: ClientFilter | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ports: WebviewPorts,
    private readonly source: DashboardSource,
  ) {}

  get isOpen(): boolean {
    return this.host !== undefined;
  }

  show(): void {
    if (this.host) this.host.panel.reveal();
    else this.attach(WebviewHost.open(this.ports, PAGE, PAGE.title));
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    // The restored page asks for the range it kept in its state; until it does, refreshes use it too.
    if (isRecord(state) && isRangeChoice(state.range)) this.range = state.range;
    if (isRecord(state) && isClientFilter(state.client)) this.client = state.client;
    this.attach(new WebviewHost(this.ports, panel, PAGE));
  }

  private attach(host: WebviewHost): void {
    // One dashboard at a time: a restored panel replaces any open one.
    this.host?.dispose();
    this.host = host;
    host.panel.iconPath = vscode.Uri.joinPath(this.ports.extensionUri, 'media', 'switchboard.svg');
    const { channel, store } = host;
    store.add(
      channel.onRequest(Dashboard.load, ({ range, client }) => {
        this.range = range;
        this.client = client;
        return this.answer(this.source.load(range, client));
      }),
    );
    store.add(channel.onRequest(Dashboard.team, ({ range }) => this.answer(this.source.team(range))));
    store.add(channel.onRequest(Dashboard.execution, ({ id }) => this.answer(this.source.execution(id))));
    store.add(channel.onRequest(Dashboard.export, ({ format }) => this.answer(this.source.exportRange(this.range, format))));
    store.add(this.source.onDidChange(() => this.scheduleRefresh()));
    store.add({ dispose: () => clearTimeout(this.refreshTimer) });
    host.onDidDispose(() => this.host === host && (this.host = undefined));
  }

  /** Failures go back to the page as error responses; the log keeps them too. */
  private async answer<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      this.ports.log.error(`dashboard: ${errorMessage(err)}`);
      throw err;
    }
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DEBOUNCE_MS);
  }

  private async refresh(): Promise<void> {
    const host = this.host;
    if (!host) return;
    try {
      const data = await this.source.load(this.range, this.client);
      // A page that is not ready yet asks for its data itself once it is.
      if (host.channel.isReady) host.channel.notify(Dashboard.refreshed, data);
    } catch (err) {
      this.ports.log.error(`dashboard refresh: ${errorMessage(err)}`);
    }
  }

  dispose(): void {
    this.host?.dispose();
  }
}
