// The team ledger in a window: starts the team worker when a database is configured and its
// identity was confirmed (by "Connect Team Ledger…"), restarts it when the settings or the
// password change, stops it on dispose. Shipping and every PostgreSQL query run in the worker;
// record() never waits on any of it. Problems are told once each; the state is always readable.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import { Emitter, type Disposable, type Event } from '../../core/lifecycle';
import type { TeamIdentity } from '../../core/team/batches';
import { type TeamError, type TeamTarget, parseTeamUrl } from '../../core/team/connection';
import type { TeamScope } from '../../core/team/queries';
import { teamBudgetUse } from '../../core/team/teamBudget';
import { TeamClient } from '../../core/team/teamClient';
import type { TeamMonthSpend, TeamProbe } from '../../core/team/teamProtocol';
import type { BudgetUse } from '../../core/usage/budget';
import type { TimeRange } from '../../core/usage/protocol';
import type { ConfigPort } from '../config';
import type { StoragePorts } from '../ports';
import type { UiPrompts } from '../uiPrompts';
import type { LedgerHost } from '../usage/ledgerHost';
import { resolveIdentity } from './teamIdentity';
import type { TeamSettings } from './teamSettings';

const CONFIRMED_KEY = 'switchboard.team.confirmed';
/** The meter asks on every record; the team's month is re-read at most this often. */
const MONTH_CACHE_MS = 15_000;

export const passwordKey = (t: TeamTarget): string => `switchboard.team.password:${t.user}@${t.label}`;

export interface TeamHostPorts {
  readonly extensionUri: vscode.Uri;
  readonly storage: Pick<StoragePorts, 'secrets' | 'globalState'>;
  readonly config: ConfigPort;
  readonly prompts: UiPrompts;
  readonly log: vscode.LogOutputChannel;
  readonly ledger: LedgerHost;
}

export type TeamView =
  | { state: 'off'; why: string }
  | { state: 'on'; target: string; identity: TeamIdentity; client: TeamClient };

export class TeamHost implements Disposable {
  private view: TeamView = { state: 'off', why: 'not configured' };
  private starting: Promise<void> = Promise.resolve();
  private requested = false;
  private month: { at: number; spend: Promise<TeamMonthSpend> } | undefined;
  private lastProblem: TeamError | undefined;
  private toldSettingsProblem: string | undefined;
  private readonly changes = new Emitter<void>();
  private readonly subscriptions: Disposable[];
  /** The state changed (started, stopped, shipped, a problem). */
  readonly onDidChange: Event<void> = this.changes.event;

  constructor(private readonly ports: TeamHostPorts) {
    this.subscriptions = [
      ports.config.onDidChange(['team'], () => void this.restart()),
      ports.storage.secrets.onDidChange((e) => e.key.startsWith('switchboard.team.password:') && void this.restart()),
    ];
  }

  get current(): TeamView {
    return this.view;
  }

  /** `host:port/database` while shipping, else undefined. */
  get label(): string | undefined {
    return this.view.state === 'on' ? this.view.target : undefined;
  }

  get problem(): TeamError | undefined {
    return this.lastProblem;
  }

  settings(): TeamSettings {
    return this.ports.config.read().team;
  }

  identity(): Promise<TeamIdentity> {
    return resolveIdentity(this.settings());
  }

  isConfirmed(url: string): boolean {
    return this.ports.storage.globalState.get<string>(CONFIRMED_KEY) === url;
  }

  async confirm(url: string | undefined): Promise<void> {
    await this.ports.storage.globalState.update(CONFIRMED_KEY, url);
  }

  /** Starts shipping unless it already runs (or a start is under way). */
  start(): Promise<void> {
    return this.requested ? this.starting : this.restart();
  }

  /** (Re)starts shipping from the current settings; resolves once the worker is running or it is off. */
  restart(): Promise<void> {
    this.requested = true;
    this.starting = this.starting.then(() => this.startNow()).catch((err: unknown) => this.ports.log.error(`team ledger: ${errorMessage(err)}`));
    return this.starting;
  }

  private async startNow(): Promise<void> {
    await this.stopClient();
    const s = this.settings();
    if (s.databaseProblem && s.databaseProblem !== this.toldSettingsProblem) {
      this.toldSettingsProblem = s.databaseProblem;
      void this.ports.prompts.warn(`Switchboard: ${s.databaseProblem}`);
    }
    if (!s.database) return this.off('not configured (switchboard.team.database is empty)');
    if (!this.isConfirmed(s.database)) return this.off('not connected yet: run "Switchboard: Connect Team Ledger…"');
    let target: TeamTarget;
    try {
      target = parseTeamUrl(s.database);
    } catch (err) {
      return this.off(errorMessage(err));
    }
    const identity = await this.identity();
    const client = this.client(target, await this.ports.storage.secrets.get(passwordKey(target)), identity, true);
    client.onProblem((e) => this.problemChanged(e));
    client.onDidChange(() => {
      this.month = undefined; // a shipment may have changed the team's month
      this.changes.fire();
    });
    this.view = { state: 'on', target: target.label, identity, client };
    this.ports.log.info(`team ledger: shipping to ${target.label} as ${identity.member} / ${identity.project} (${identity.machine})`);
    this.changes.fire();
  }

  /** A team worker for `target`; with `ship`, it reads this window's ledger and ships it. */
  client(target: TeamTarget, password: string | undefined, identity: TeamIdentity, ship: boolean): TeamClient {
    const ledger = this.ports.ledger;
    return new TeamClient({
      workerPath: vscode.Uri.joinPath(this.ports.extensionUri, 'dist', 'teamWorker.js').fsPath,
      init: { target, password, identity, progressFile: path.join(ledger.dir, 'team-progress.json'), ledger: ship ? ledger.get().queryPort() : undefined },
    });
  }

  /** The connection test of "Connect Team Ledger…", in a worker of its own. */
  async probe(target: TeamTarget, password: string | undefined): Promise<TeamProbe | TeamError> {
    const client = this.client(target, password, await this.identity(), false);
    try {
      return await client.probe();
    } finally {
      await client.stop();
    }
  }

  private problemChanged(e: TeamError | undefined): void {
    this.lastProblem = e;
    this.changes.fire();
    if (e) void this.ports.prompts.warn(`Switchboard team ledger: ${e.message}`);
  }

  private off(why: string): void {
    this.view = { state: 'off', why };
    this.changes.fire();
  }

  /** The Team scope of the dashboard; throws when the team ledger is off. */
  scope(range: TimeRange): Promise<TeamScope> {
    const v = this.view;
    if (v.state === 'off') return Promise.reject(new Error(`The team ledger is ${v.why}.`));
    return v.client.scope(range);
  }

  /** This month's team spend for this member and project (cached briefly); undefined when off or failing. */
  async monthSpend(now = Date.now()): Promise<TeamMonthSpend | undefined> {
    const v = this.view;
    if (v.state === 'off') return undefined;
    if (!this.month || now - this.month.at > MONTH_CACHE_MS) this.month = { at: now, spend: v.client.monthSpend(now) };
    return this.month.spend.catch(() => undefined);
  }

  /** Team budget use from the team's month (empty when off, unset or unreadable). */
  async budgetUses(): Promise<BudgetUse[]> {
    const budgets = this.settings().budget;
    if (!budgets.memberMonthly && !budgets.projectMonthly) return [];
    const spend = await this.monthSpend();
    return spend ? teamBudgetUse(budgets, spend) : [];
  }

  private async stopClient(): Promise<void> {
    const v = this.view;
    this.month = undefined;
    this.lastProblem = undefined;
    this.view = { state: 'off', why: 'stopped' };
    if (v.state === 'on') await v.client.stop();
  }

  /** Stops shipping (the batch in flight finishes and its progress is saved). */
  async close(): Promise<void> {
    for (const s of this.subscriptions) s.dispose();
    await this.starting;
    await this.stopClient();
    this.changes.dispose();
  }

  dispose(): void {
    void this.close();
  }
}
