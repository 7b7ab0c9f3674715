// Streams a range of the ledger to a file as CSV (calls) or JSON (calls and tool calls), page
// by page with the stream's backpressure honoured: memory stays flat at any ledger size.
import * as fs from 'node:fs';
import { once } from 'node:events';
import type { Database, SqlValue } from 'sql.js';
import type { CallRow, ExportFormat, TimeRange } from './protocol';
import { CALL_SELECT, TOOL_SELECT, allRows, toCallRow, toToolRow } from './queries';

const CSV_COLUMNS = [
  'id', 'execution_id', 'provider', 'provider_kind', 'model', 'response_model', 'started_at', 'duration_ms',
  'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens',
  'reasoning_tokens', 'cost_usd', 'saved_usd', 'cache_hit', 'status', 'error_kind', 'price_version',
  'source', 'client', 'workspace',
] as const;

function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLine(c: CallRow): string {
  const u = c.usage;
  return [
    c.id, c.executionId, c.provider, c.providerKind, c.model, c.responseModel, new Date(c.startedAt).toISOString(), c.durationMs,
    u.inputTokens, u.outputTokens, u.cacheReadTokens, u.cacheWrite5mTokens, u.cacheWrite1hTokens, u.reasoningTokens,
    // An unpriced call exports an empty cost, never 0.
    c.costUsd, c.savedUsd, c.cacheHit, c.status, c.errorKind, c.priceVersion,
    c.source, c.client, c.workspace,
  ].map(csvCell).join(',') + '\n';
}

/**
 * Pages through `select` (table aliased `alias`, uid in column 0 and start in `startColumn`) by
 * its key, so each page is a fresh statement; `db()` is re-read per page in case it was swapped.
 */
async function* pages(db: () => Database, select: string, alias: string, startColumn: number, range: TimeRange, size = 2000): AsyncGenerator<SqlValue[][]> {
  let after: SqlValue[] = [range.from - 1, ''];
  for (;;) {
    const rows = allRows(
      db(),
      `${select} WHERE ${alias}.start >= ? AND ${alias}.start < ? AND (${alias}.start, ${alias}.uid) > (?, ?)
       ORDER BY ${alias}.start, ${alias}.uid LIMIT ?`,
      [range.from, range.to, ...after, size],
    );
    if (!rows.length) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    after = [last[startColumn]!, last[0]!];
  }
}

export async function exportRange(db: () => Database, file: string, format: ExportFormat, range: TimeRange): Promise<{ calls: number; toolCalls: number }> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  const closed = new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.on('finish', resolve);
  });
  const write = async (s: string) => {
    if (!out.write(s)) await Promise.race([once(out, 'drain'), closed]);
  };
  let calls = 0;
  let toolCalls = 0;
  try {
    await write(format === 'csv' ? CSV_COLUMNS.join(',') + '\n' : `{"range":${JSON.stringify(range)},"calls":[`);
    for await (const rows of pages(db, CALL_SELECT, 'c', 6, range)) {
      let chunk = '';
      for (const r of rows) {
        const c = toCallRow(r);
        chunk += format === 'csv' ? csvLine(c) : `${calls ? ',' : ''}\n${JSON.stringify(c)}`;
        calls++;
      }
      await write(chunk);
    }
    if (format === 'json') {
      await write('\n],"toolCalls":[');
      for await (const rows of pages(db, TOOL_SELECT, 't', 4, range)) {
        let chunk = '';
        for (const r of rows) chunk += `${toolCalls++ ? ',' : ''}\n${JSON.stringify(toToolRow(r))}`;
        await write(chunk);
      }
      await write('\n]}\n');
    }
    out.end();
    await closed;
  } catch (err) {
    out.destroy();
    fs.rmSync(file, { force: true });
    throw err;
  }
  return { calls, toolCalls };
}
