// Shared fixtures for the ledger tests: temp folders, the wasm path, record builders.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newId } from '../../../../src/core/ids';
import { emptyUsage, type Usage } from '../../../../src/core/llm/types';
import { UsageLedger, type LedgerOptions } from '../../../../src/core/usage/ledger';
import type { CallRecord, ToolCallRecord } from '../../../../src/core/usage/records';

export const wasmPath = require.resolve('sql.js/dist/sql-wasm.wasm');

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-ledger-'));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function openLedger(dir: string, opts: Partial<LedgerOptions> = {}): UsageLedger {
  return new UsageLedger({ dir, wasmPath, checkpointIntervalMs: 500, ...opts });
}

/**
 * Per-test ledger fixture for a `describe` block: a fresh temp folder before each test; after it,
 * every ledger opened through `open()` is closed and the folder removed.
 */
export function ledgerPerTest(): { readonly dir: string; open(opts?: Partial<LedgerOptions>): UsageLedger } {
  let dir = '';
  let opened: UsageLedger[] = [];
  beforeEach(() => (dir = tempDir()));
  afterEach(async () => {
    await Promise.all(opened.map((l) => l.close()));
    opened = [];
    removeDir(dir);
  });
  return {
    get dir() {
      return dir;
    },
    open(opts = {}) {
      const ledger = openLedger(dir, opts);
      opened.push(ledger);
      return ledger;
    },
  };
}

export function call(over: Partial<Omit<CallRecord, 'usage'>> & { usage?: Partial<Usage> } = {}): CallRecord {
  const { usage, ...rest } = over;
  return {
    id: newId(),
    provider: 'openai',
    providerKind: 'openai',
    model: 'gpt-4o',
    startedAt: Date.now() - 1000,
    durationMs: 800,
    cacheHit: false,
    status: 'ok',
    ...rest,
    usage: { ...emptyUsage(), inputTokens: 1000, outputTokens: 100, ...usage },
  };
}

export function toolCall(over: Partial<ToolCallRecord> = {}): ToolCallRecord {
  return {
    id: newId(),
    server: 'everything',
    tool: 'echo',
    startedAt: Date.now() - 500,
    durationMs: 20,
    status: 'ok',
    requestBytes: 40,
    responseBytes: 80,
    ...over,
  };
}

export const wholeDay = (): { from: number; to: number } => ({ from: Date.now() - 86_400_000, to: Date.now() + 60_000 });
