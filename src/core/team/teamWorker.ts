// The team worker thread: owns every connection to the team database. It ships the local
// ledger's rows (read straight from the ledger's worker through a query port, so no row passes
// through the extension host's thread), answers the connection test and the dashboard's team
// queries, and reports the shipper's state. Bundled as dist/teamWorker.js; in tests from out/.
import { parentPort, workerData } from 'node:worker_threads';
import type { Client } from 'pg';
import { errorMessage } from '../errorMessage';
import { connectTeam } from './connection';
import { portOutbox } from './outbox';
import { probeTeam } from './probe';
import { monthOf, teamMonthSpend, teamScope } from './queries';
import { TeamShipper } from './shipper';
import type { FromTeamWorker, TeamOp, TeamWorkerInit, ToTeamWorker } from './teamProtocol';

const port = parentPort;
if (!port) throw new Error('teamWorker must run in a worker thread');
const post = (m: FromTeamWorker) => port.postMessage(m);
const init = workerData as TeamWorkerInit;

const outbox = init.ledger && portOutbox(init.ledger);
const shipper = outbox && new TeamShipper({
  target: init.target, password: init.password, identity: init.identity, outbox: outbox.outbox, progressFile: init.progressFile,
  onError: (error) => post({ t: 'problem', error }),
});
shipper?.start();

/** Posts the shipper's state when it changed (checked often; cheap). */
let lastStatus = '';
const statusTimer = setInterval(() => {
  if (!shipper) return;
  const status = shipper.state;
  const json = JSON.stringify(status);
  if (json !== lastStatus) post({ t: 'status', status });
  lastStatus = json;
}, 250);

// Queries get their own connection, so a dashboard never waits behind a shipping batch.
let reader: Promise<Client> | undefined;
let queue: Promise<unknown> = Promise.resolve();

function withReader<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    reader ??= connectTeam(init.target, init.password);
    try {
      return await work(await reader);
    } catch (err) {
      const dead = reader;
      reader = undefined;
      void dead.then((c) => c.end()).catch(() => undefined);
      throw err;
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

function run(op: TeamOp): Promise<unknown> {
  switch (op.op) {
    case 'probe': return probeTeam(init.target, init.password);
    case 'scope': return withReader((c) => teamScope(c, op.range, op.topLimit));
    case 'monthSpend': return withReader(async (c) => ({
      ...(await teamMonthSpend(c, op.now, init.identity)),
      month: new Date(monthOf(op.now).from).toISOString().slice(0, 7),
    }));
  }
}

async function stop(): Promise<void> {
  clearInterval(statusTimer);
  await shipper?.stop();
  outbox?.close();
  const r = reader;
  reader = undefined;
  await r?.then((c) => c.end()).catch(() => undefined);
  if (shipper) post({ t: 'status', status: shipper.state });
  post({ t: 'stopped' });
}

port.on('message', (m: ToTeamWorker) => {
  if (m.t === 'nudge') shipper?.nudge();
  else if (m.t === 'stop') void stop();
  else {
    run(m.op).then(
      (value) => post({ t: 'reply', id: m.id, ok: true, value }),
      (err: unknown) => post({ t: 'reply', id: m.id, ok: false, error: errorMessage(err) }),
    );
  }
});
