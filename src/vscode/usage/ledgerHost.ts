// Opens the usage ledger lazily — on the first record or query, never during activation — in
// the global storage folder every window shares, and keeps its settings current.
import * as vscode from 'vscode';
import { UsageLedger } from '../../core/usage/ledger';
import type { McpTimingRecord, McpTimingSink } from '../../core/usage/mcpTimings';
import type { CallRecord, ExecutionRecord, ToolCallRecord, UsageSink } from '../../core/usage/records';
import { onConfigChange, readConfig } from '../config';

export class LedgerHost implements UsageSink, McpTimingSink, vscode.Disposable {
  private ledger: UsageLedger | undefined;
  private readonly watcher: vscode.Disposable;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.watcher = onConfigChange(['pricing', 'usage'], (config) => {
      if (this.ledger) void this.ledger.updateSettings(config.pricing.overrides, config.usage.retentionDays);
    });
  }

  /** True once the ledger (and with it sql.js, in its worker) has been opened. */
  isOpen(): boolean {
    return this.ledger !== undefined;
  }

  /** The folder the ledger keeps its files in (shared by every window). */
  get dir(): string {
    return this.context.globalStorageUri.fsPath;
  }

  /** The ledger, opened on first use. */
  get(): UsageLedger {
    if (!this.ledger) {
      const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
      const config = readConfig();
      this.ledger = new UsageLedger({
        dir: this.context.globalStorageUri.fsPath,
        wasmPath: vscode.Uri.joinPath(dist, 'sql-wasm.wasm').fsPath,
        workerPath: vscode.Uri.joinPath(dist, 'ledgerWorker.js').fsPath,
        overrides: config.pricing.overrides,
        retentionDays: config.usage.retentionDays,
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

  recordMcpTiming(record: McpTimingRecord): void {
    this.get().recordMcpTiming(record);
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
