// Small SQL helpers shared by the ledger's writers: one transaction shape, and inserts that
// name their columns and bind values by name (never by position).
import type { Database, SqlValue } from 'sql.js';

/** Runs `work` inside BEGIN … COMMIT; any throw rolls back and is rethrown. */
export function inTransaction<T>(db: Database, work: () => T): T {
  db.exec('BEGIN');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

/** One row to insert: every column of the statement's list, by name. */
export type Row<C extends string> = Readonly<Record<C, SqlValue>>;

/** `INSERT <or> INTO table(a, b) VALUES($a, $b) <tail>`: the column list is the statement's contract. */
export function insertSql(table: string, columns: readonly string[], opts: { or?: 'IGNORE'; tail?: string } = {}): string {
  const verb = opts.or ? `INSERT OR ${opts.or}` : 'INSERT';
  return `${verb} INTO ${table}(${columns.join(', ')}) VALUES(${columns.map((c) => `$${c}`).join(', ')})${opts.tail ? ` ${opts.tail}` : ''}`;
}

/** A row's values keyed `$column`, as `insertSql`'s placeholders name them. */
export function named<C extends string>(row: Row<C>): Record<string, SqlValue> {
  const params: Record<string, SqlValue> = {};
  for (const [column, value] of Object.entries(row) as [string, SqlValue][]) params[`$${column}`] = value;
  return params;
}
