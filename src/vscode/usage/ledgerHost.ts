// Opens the usage ledger lazily — on the first record or query, never during activation — in
// the global storage folder every window shares, and keeps its settings current.
import * as vscode from 'vscode';
import { UsageLedger } from '../../core/usage/ledger';
import type { McpTimingRecord, McpTimingSink } from '../../core/usage/mcpTimings';
import type { CallRecord, ExecutionRecord, ToolCallRecord, UsageSink } from '../../core/usage/records';
import type { ConfigPort } from '../config';
import type { UiPrompts } from '../uiPrompts';

/** What the ledger host needs: where the ledger lives and where its bundles are. */
export interface LedgerHostPorts {
  readonly extensionUri: vscode.Uri;
  readonly globalStorageUri: vscode.Uri;
  readonly config: ConfigPort;
  readonly prompts: UiPrompts;
  readonly log: vscode.LogOutputChannel;
}

export class LedgerHost implements UsageSink, McpTimingSink, vscode.Disposable {
  private ledger: UsageLedger | undefined;
  private readonly watcher: vscode.Disposable;

  constructor(private readonly ports: LedgerHostPorts) {
    this.watcher = ports.config.onDidChange(['pricing', 'usage'], (config) => {
      if (this.ledger) void this.ledger.updateSettings(config.pricing.overrides, config.usage.retentionDays);
    });
  }

  /** True once the ledger (and with it sql.js, in its worker) has been opened. */
  isOpen(): boolean {
    return this.ledger !== undefined;
  }

  /** The folder the ledger keeps its files in (shared by every window). */
  get dir(): string {
    return this.ports.globalStorageUri.fsPath;
  }

  /** The ledger, opened on first use. */
  get(): UsageLedger {
    if (!this.ledger) {
      const { extensionUri, globalStorageUri, config: settings, prompts, log } = this.ports;
      const dist = vscode.Uri.joinPath(extensionUri, 'dist');
      const config = settings.read();
      this.ledger = new UsageLedger({
        dir: globalStorageUri.fsPath,
        wasmPath: vscode.Uri.joinPath(dist, 'sql-wasm.wasm').fsPath,
        workerPath: vscode.Uri.joinPath(dist, 'ledgerWorker.js').fsPath,
        overrides: config.pricing.overrides,
        retentionDays: config.usage.retentionDays,
        logger: log,
        onWarning: (message) => void prompts.warn(`Switchboard: ${message}`),
      });
      log.info(`usage ledger opened in ${globalStorageUri.fsPath}`);
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
