// "Switchboard: Recompute Costs" and "Switchboard: Export Usage".
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { ExportFormat, TimeRange } from '../../core/usage/protocol';
import { type PeriodChoice, parseDayRange, rangeFor } from '../../core/usage/periods';
import type { CommandMap } from '../commands';
import { readConfig } from '../config';
import type { LedgerHost } from './ledgerHost';

const RANGES: { label: string; choice: PeriodChoice | 'custom' }[] = [
  { label: 'Today', choice: { kind: 'today' } },
  { label: 'This month', choice: { kind: 'month' } },
  { label: 'Last 30 days', choice: { kind: '30d' } },
  { label: 'All time', choice: { kind: 'all' } },
  { label: 'Custom…', choice: 'custom' },
];

async function pickRange(): Promise<TimeRange | undefined> {
  const pick = await vscode.window.showQuickPick(RANGES, { title: 'Export usage: range' });
  if (!pick) return undefined;
  let choice = pick.choice;
  if (choice === 'custom') {
    const text = await vscode.window.showInputBox({
      title: 'Export usage: days (inclusive)',
      placeHolder: '2026-11-01..2026-11-30',
      validateInput: (v) => (parseDayRange(v) ? undefined : 'Use YYYY-MM-DD..YYYY-MM-DD'),
    });
    const custom = text === undefined ? undefined : parseDayRange(text);
    if (!custom) return undefined;
    choice = custom;
  }
  const { from, to } = rangeFor(choice);
  return { from, to };
}

async function exportUsage(host: LedgerHost): Promise<void> {
  const range = await pickRange();
  if (!range) return;
  const format = await vscode.window.showQuickPick(
    [{ label: 'CSV', format: 'csv' as ExportFormat, detail: 'One row per LLM call' }, { label: 'JSON', format: 'json' as ExportFormat, detail: 'LLM calls and tool calls' }],
    { title: 'Export usage: format' },
  );
  if (!format) return;
  const day = new Date().toISOString().slice(0, 10);
  const target = await vscode.window.showSaveDialog({
    title: 'Export usage',
    defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir()), `switchboard-usage-${day}.${format.format}`),
    filters: { [format.label]: [format.format] },
  });
  if (!target) return;
  if (target.scheme !== 'file') throw new Error('usage can only be exported to a local file');
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Switchboard: exporting usage…' },
    () => host.get().exportRange(target.fsPath, format.format, range),
  );
  void vscode.window.showInformationMessage(`Switchboard: exported ${result.calls} calls to ${target.fsPath}`);
}

async function recomputeCosts(host: LedgerHost): Promise<void> {
  const { changed } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Switchboard: re-pricing stored calls…' },
    () => host.get().recomputeCosts(readConfig().pricing.overrides),
  );
  void vscode.window.showInformationMessage(`Switchboard: ${changed} stored calls re-priced`);
}

export function usageCommands(host: LedgerHost): CommandMap {
  return {
    'switchboard.recomputeCosts': () => recomputeCosts(host),
    'switchboard.exportUsage': () => exportUsage(host),
  };
}
