// The ledger's worker thread: owns the sql.js database so loads, checkpoints, big queries and
// exports never run on the extension host's event loop. Bundled as its own entry
// (dist/ledgerWorker.js) next to the host bundle; in tests it runs from out/.
import { errorMessage } from '../errorMessage';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerInit, WorkerOp } from './protocol';
import { LedgerCore } from './ledgerCore';

const port = parentPort;
if (!port) throw new Error('ledgerWorker must run in a worker thread');
const post = (m: FromWorker) => port.postMessage(m);

const core = new LedgerCore(workerData as WorkerInit, {
  warn: (message) => post({ t: 'warning', message }),
  recovered: () => post({ t: 'recovered' }),
});

// Long operations run one at a time; record batches apply immediately, between them.
let serial: Promise<unknown> = core.open().then(
  (loadMs) => post({ t: 'ready', loadMs }),
  (err: Error) => {
    post({ t: 'warning', message: `usage ledger failed to open: ${err.message}` });
    post({ t: 'ready', loadMs: Number.NaN });
  },
);

function run(op: WorkerOp): Promise<unknown> | unknown {
  switch (op.op) {
    case 'query': return core.query(op.query);
    case 'checkpoint': return core.checkpoint(op.upToSegment);
    case 'close': return core.close(op.upToSegment);
    case 'export': return core.exportRange(op.path, op.format, op.range);
    case 'recompute': return core.recompute(op.overrides);
    case 'settings': return core.settings(op.overrides, op.retentionDays);
    case 'prune': return core.prune(op.now);
    case 'verify': return core.verify();
    case 'health': return core.health();
  }
}

/** Answers a call on `reply`'s port: queries and health at once when open, the rest in order. */
function answer(m: Extract<ToWorker, { t: 'call' }>, reply: (m: FromWorker) => void): void {
  if ((m.op.op === 'query' || m.op.op === 'health') && core.isOpen) {
    // Synchronous, and need no ordering beyond the records before them (health counts exactly those).
    try {
      reply({ t: 'reply', id: m.id, ok: true, value: m.op.op === 'query' ? core.query(m.op.query) : core.health() });
    } catch (err) {
      reply({ t: 'reply', id: m.id, ok: false, error: errorMessage(err) });
    }
    return;
  }
  serial = serial.then(async () => {
    try {
      reply({ t: 'reply', id: m.id, ok: true, value: await run(m.op) });
    } catch (err) {
      reply({ t: 'reply', id: m.id, ok: false, error: errorMessage(err) });
    }
  });
}

port.on('message', (m: ToWorker) => {
  if (m.t === 'lines') {
    // Before open() finishes, batches queue inside the core and apply after the journal replay.
    core.applyLines(m.data, m.journaled);
    post({ t: 'applied', chars: m.data.length });
    return;
  }
  if (m.t === 'catchUp') {
    core.catchUp();
    return;
  }
  if (m.t === 'queryPort') {
    // Read-only: a reader on its own port may query, never write, export or close.
    const reader = m.port;
    const replyOn = (r: FromWorker) => reader.postMessage(r);
    reader.on('message', (c: ToWorker) => {
      if (c.t === 'call' && c.op.op === 'query') answer(c, replyOn);
      else if (c.t === 'call') replyOn({ t: 'reply', id: c.id, ok: false, error: `${c.op.op} is not allowed on a query port` });
    });
    return;
  }
  answer(m, post);
});
