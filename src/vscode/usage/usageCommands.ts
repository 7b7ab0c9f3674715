// "Switchboard: Recompute Costs" and "Switchboard: Export Usage".
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { ExportFormat, TimeRange } from '../../core/usage/protocol';
import { type RangeName, namedRange, parseDayRange } from '../../core/usage/ranges';
import type { CommandMap } from '../commands';
import { type LedgerHost, readOverrides } from './ledgerHost';

const RANGES: { label: string; name: RangeName | 'custom' }[] = [
  { label: 'Today', name: 'today' },
  { label: 'This month', name: 'month' },
  { label: 'Last 30 days', name: 'last30' },
  { label: 'All time', name: 'all' },
  { label: 'Custom…', name: 'custom' },
];

async function pickRange(): Promise<TimeRange | undefined> {
  const pick = await vscode.window.showQuickPick(RANGES, { title: 'Export usage: range' });
  if (!pick) return undefined;
  if (pick.name !== 'custom') return namedRange(pick.name);
  const text = await vscode.window.showInputBox({
    title: 'Export usage: days (inclusive)',
    placeHolder: '2026-11-01..2026-11-30',
    validateInput: (v) => (parseDayRange(v) ? undefined : 'Use YYYY-MM-DD..YYYY-MM-DD'),
  });
  return text === undefined ? undefined : parseDayRange(text);
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
    () => host.get().recomputeCosts(readOverrides()),
  );
  void vscode.window.showInformationMessage(`Switchboard: ${changed} stored calls re-priced`);
}

export function usageCommands(host: LedgerHost): CommandMap {
  return {
    'switchboard.recomputeCosts': () => recomputeCosts(host),
    'switchboard.exportUsage': () => exportUsage(host),
  };
}
