// "Switchboard: Recompute Costs", "Switchboard: Export Usage" and "Switchboard: Show Ledger Health".
import * as vscode from 'vscode';
import { formatLedgerHealth, isHealthy, summarizeLedgerHealth } from '../../core/usage/ledgerHealth';
import type { LedgerHealth } from '../../core/usage/ledgerHealth';
import type { ExportFormat } from '../../core/usage/protocol';
import { type PeriodChoice, parseDayRange } from '../../core/usage/periods';
import { Commands } from '../commandIds';
import type { CommandMap } from '../commands';
import type { ConfigPort } from '../config';
import type { LedgerHost } from './ledgerHost';
import { saveUsageExport } from './usageExport';

const RANGES: { label: string; choice: PeriodChoice | 'custom' }[] = [
  { label: 'Today', choice: { kind: 'today' } },
  { label: 'This month', choice: { kind: 'month' } },
  { label: 'Last 30 days', choice: { kind: '30d' } },
  { label: 'All time', choice: { kind: 'all' } },
  { label: 'Custom…', choice: 'custom' },
];

async function pickRange(): Promise<PeriodChoice | undefined> {
  const pick = await vscode.window.showQuickPick(RANGES, { title: 'Export usage: range' });
  if (!pick) return undefined;
  if (pick.choice !== 'custom') return pick.choice;
  const text = await vscode.window.showInputBox({
    title: 'Export usage: days (inclusive)',
    placeHolder: '2026-11-01..2026-11-30',
    validateInput: (v) => (parseDayRange(v) ? undefined : 'Use YYYY-MM-DD..YYYY-MM-DD'),
  });
  return text === undefined ? undefined : parseDayRange(text);
}

async function exportUsage(host: LedgerHost): Promise<void> {
  const choice = await pickRange();
  if (!choice) return;
  const format = await vscode.window.showQuickPick(
    [{ label: 'CSV', format: 'csv' as ExportFormat, detail: 'One row per LLM call' }, { label: 'JSON', format: 'json' as ExportFormat, detail: 'LLM calls and tool calls' }],
    { title: 'Export usage: format' },
  );
  if (format) await saveUsageExport(host, choice, format.format);
}

async function recomputeCosts(host: LedgerHost, config: ConfigPort): Promise<void> {
  const { changed } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Switchboard: re-pricing stored calls…' },
    () => host.get().recomputeCosts(config.read().pricing.overrides),
  );
  void vscode.window.showInformationMessage(`Switchboard: ${changed} stored calls re-priced`);
}

/** Every figure in the log, one line in a notification: a warning for anything but "0 lost" and healthy. */
async function showLedgerHealth(host: LedgerHost, log: vscode.LogOutputChannel): Promise<LedgerHealth> {
  const health = await host.get().health();
  for (const line of formatLedgerHealth(health, host.dir)) log.info(line);
  const show = isHealthy(health) ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(`Switchboard: ${summarizeLedgerHealth(health)}`, 'Show Details').then((choice) => choice && log.show(true));
  return health;
}

export function usageCommands(host: LedgerHost, config: ConfigPort, log: vscode.LogOutputChannel): CommandMap {
  return {
    [Commands.showLedgerHealth]: () => showLedgerHealth(host, log),
    [Commands.recomputeCosts]: () => recomputeCosts(host, config),
    [Commands.exportUsage]: () => exportUsage(host),
  };
}
