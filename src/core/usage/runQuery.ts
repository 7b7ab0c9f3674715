// One entry for every ledger query: the worker answers each `Query` message here.
import type { Database } from 'sql.js';
import { mcpTimings } from './mcpTimings';
import { outboxDays, outboxRows } from './outbox';
import type { Query, QueryResults } from './protocol';
import { cacheSavings, counts, executionDetail, spend, toolLatency, toolStats, topExecutions, totals } from './queries';

export function runQuery(db: Database, q: Query): QueryResults[keyof QueryResults] {
  switch (q.q) {
    case 'totals': return totals(db, q.range, q.groupBy, q.tzOffsetMinutes);
    case 'execution': return executionDetail(db, q.id);
    case 'topExecutions': return topExecutions(db, q.range, q.limit, q.by);
    case 'cacheSavings': return cacheSavings(db, q.range);
    case 'toolStats': return toolStats(db, q.range);
    case 'toolLatency': return toolLatency(db, q.range);
    case 'counts': return counts(db);
    case 'spend': return spend(db, q.range, q.workspace);
    case 'outbox': return outboxRows(db, q.kind, q.after, q.limit, q.until);
    case 'outboxDays': return outboxDays(db, q.kind, q.upTo);
    case 'mcpTimings': return mcpTimings(db);
  }
}
