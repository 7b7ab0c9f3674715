// Opens the usage ledger lazily — on the first record or query, never during activation — in
// the global storage folder every window shares, and keeps its settings current.
import * as vscode from 'vscode';
import { UsageLedger } from '../../core/usage/ledger';
import { type PriceOverrides, parseOverrides } from '../../core/usage/priceOverrides';
import type { CallRecord, ExecutionRecord, ToolCallRecord, UsageSink } from '../../core/usage/records';

export function readOverrides(): PriceOverrides {
  return parseOverrides(vscode.workspace.getConfiguration('switchboard.pricing').get('overrides'));
}

function readRetentionDays(): number {
  const days = vscode.workspace.getConfiguration('switchboard.usage').get<number>('retentionDays', 0);
  return Number.isFinite(days) && days > 0 ? days : 0;
}

export class LedgerHost implements UsageSink, vscode.Disposable {
  private ledger: UsageLedger | undefined;
  private readonly watcher: vscode.Disposable;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.watcher = vscode.workspace.onDidChangeConfiguration((e) => {
      if (this.ledger && (e.affectsConfiguration('switchboard.pricing') || e.affectsConfiguration('switchboard.usage'))) {
        void this.ledger.updateSettings(readOverrides(), readRetentionDays());
      }
    });
  }

  /** True once the ledger (and with it sql.js, in its worker) has been opened. */
  isOpen(): boolean {
    return this.ledger !== undefined;
  }

  /** The ledger, opened on first use. */
  get(): UsageLedger {
    if (!this.ledger) {
      const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
      this.ledger = new UsageLedger({
        dir: this.context.globalStorageUri.fsPath,
        wasmPath: vscode.Uri.joinPath(dist, 'sql-wasm.wasm').fsPath,
        workerPath: vscode.Uri.joinPath(dist, 'ledgerWorker.js').fsPath,
        overrides: readOverrides(),
        retentionDays: readRetentionDays(),
        logger: this.log,
        onWarning: (message) => void vscode.window.showWarningMessage(`Switchboard: ${message}`),
      });
      this.log.info(`usage ledger opened in ${this.context.globalStorageUri.fsPath}`);
    }
    return this.ledger;
  }

  recordCall(record: CallRecord): void {
    this.get().recordCall(record);
  }

  recordToolCall(record: ToolCallRecord): void {
    this.get().recordToolCall(record);
  }

  recordExecution(record: ExecutionRecord): void {
    this.get().recordExecution(record);
  }

  /** Final checkpoint; deactivate() awaits this (dispose() cannot be awaited by VS Code). */
  async close(): Promise<void> {
    this.watcher.dispose();
    await this.ledger?.close();
  }

  dispose(): void {
    void this.close();
  }
}
