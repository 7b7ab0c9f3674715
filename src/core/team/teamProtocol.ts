// Messages between the extension host and the team worker (teamWorker.ts), which owns every
// connection to the team database: shipping, the connection test and the dashboard's queries
// all run there, off the extension host's event loop.
import type { MessagePort } from 'node:worker_threads';
import type { TimeRange } from '../usage/protocol';
import type { TeamIdentity } from './batches';
import type { TeamError, TeamTarget } from './connection';
import type { TeamScope } from './queries';
import type { ShipperStatus } from './shipper';

export interface TeamWorkerInit {
  target: TeamTarget;
  /** From secret storage; lives only in the worker's memory. */
  password?: string;
  identity: TeamIdentity;
  /** Where the shipped-up-to progress is kept (beside the local ledger). */
  progressFile: string;
  /** The ledger's query port (UsageLedger.queryPort); without one the worker only answers calls. */
  ledger?: MessagePort;
}

/** What the connection test found: the schema's version and what the login may do there. */
export interface TeamProbe {
  server: string;
  schemaVersion: number;
  /** Whether Switchboard will create or upgrade the schema itself (else a DBA applies docs/team-ledger.sql). */
  migrates: boolean;
}

export interface TeamMonthSpend {
  memberUsd: number;
  projectUsd: number;
  /** The UTC month, `YYYY-MM`. */
  month: string;
}

export type TeamOp =
  | { op: 'probe' }
  | { op: 'scope'; range: TimeRange; topLimit: number }
  | { op: 'monthSpend'; now: number };

export type ToTeamWorker = { t: 'call'; id: number; op: TeamOp } | { t: 'nudge' } | { t: 'stop' };

export type FromTeamWorker =
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: string }
  | { t: 'status'; status: ShipperStatus }
  /** A new problem (told once until shipping works again), or undefined when it recovered. */
  | { t: 'problem'; error?: TeamError }
  | { t: 'stopped' };

export interface TeamResults {
  probe: TeamProbe | TeamError;
  scope: TeamScope;
  monthSpend: TeamMonthSpend;
}
