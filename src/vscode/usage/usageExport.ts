// Saving a range of usage to a file: the save dialog, then the ledger streams the rows there
// (the Export Usage command and the dashboard's export buttons).
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { ExportFormat } from '../../core/usage/protocol';
import { type PeriodChoice, dayKey, rangeFor } from '../../core/usage/periods';
import type { LedgerHost } from './ledgerHost';

/** Asks where to save, then streams the range to that file (the palette command and the dashboard's buttons). */
export async function saveUsageExport(host: LedgerHost, choice: PeriodChoice, format: ExportFormat): Promise<void> {
  const range = rangeFor(choice);
  const day = dayKey(Date.now());
  const target = await vscode.window.showSaveDialog({
    title: `Export usage (${range.label})`,
    defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir()), `switchboard-usage-${day}.${format}`),
    filters: { [format.toUpperCase()]: [format] },
  });
  if (!target) return;
  if (target.scheme !== 'file') throw new Error('usage can only be exported to a local file');
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Switchboard: exporting usage…' }, () =>
    host.get().exportRange(target.fsPath, format, { from: range.from, to: range.to }),
  );
  void vscode.window.showInformationMessage(`Switchboard: exported ${result.calls} calls and ${result.toolCalls} tool calls to ${target.fsPath}`);
}
