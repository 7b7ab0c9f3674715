// The extension host's handle on the team worker: starts it with the ledger's query port,
// keeps the shipper's last reported state, tells each new problem once, and forwards the
// connection test and the team queries. Nothing here touches PostgreSQL or the ledger's rows.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Emitter, type Event } from '../lifecycle';
import type { TimeRange } from '../usage/protocol';
import { WorkerCalls } from '../usage/workerCalls';
import type { TeamError } from './connection';
import type { TeamScope } from './queries';
import type { ShipperStatus } from './shipper';
import type { FromTeamWorker, TeamMonthSpend, TeamOp, TeamProbe, TeamWorkerInit, ToTeamWorker } from './teamProtocol';

export interface TeamClientOptions {
  init: TeamWorkerInit;
  /** Compiled worker script; defaults to `teamWorker.js` beside this module (out/ in tests, dist/ bundled). */
  workerPath?: string;
}

export class TeamClient {
  private readonly worker: Worker;
  private readonly calls: WorkerCalls<TeamOp, ToTeamWorker>;
  private status: ShipperStatus | undefined;
  private readonly problems = new Emitter<TeamError | undefined>();
  private readonly changes = new Emitter<void>();
  private stopping: Promise<void> | undefined;
  /** A new shipping problem (once until it recovers), or undefined when shipping works again. */
  readonly onProblem: Event<TeamError | undefined> = this.problems.event;
  /** The shipper's state changed. */
  readonly onDidChange: Event<void> = this.changes.event;

  constructor(opts: TeamClientOptions) {
    const transferList = opts.init.ledger ? [opts.init.ledger] : [];
    this.worker = new Worker(opts.workerPath ?? path.join(__dirname, 'teamWorker.js'), { workerData: opts.init, transferList });
    this.worker.unref(); // shipping never keeps a process alive
    this.calls = new WorkerCalls(this.worker);
    let stopped: () => void = () => undefined;
    const done = new Promise<void>((r) => (stopped = r));
    this.stopped = done;
    this.worker.on('message', (m: FromTeamWorker) => {
      if (m.t === 'reply') this.calls.settle(m);
      else if (m.t === 'status') {
        this.status = m.status;
        this.changes.fire();
      } else if (m.t === 'problem') this.problems.fire(m.error);
      else stopped();
    });
    this.worker.on('error', (err) => this.calls.fail(err));
    this.worker.on('exit', () => {
      this.calls.fail(new Error('the team worker stopped'));
      stopped();
    });
  }

  private readonly stopped: Promise<void>;

  /** The shipper's state as last reported (undefined until the first report, or without shipping). */
  get state(): ShipperStatus | undefined {
    return this.status;
  }

  nudge(): void {
    this.calls.post({ t: 'nudge' });
  }

  probe(): Promise<TeamProbe | TeamError> {
    return this.calls.call({ op: 'probe' }) as Promise<TeamProbe | TeamError>;
  }

  scope(range: TimeRange, topLimit = 20): Promise<TeamScope> {
    return this.calls.call({ op: 'scope', range, topLimit }) as Promise<TeamScope>;
  }

  monthSpend(now = Date.now()): Promise<TeamMonthSpend> {
    return this.calls.call({ op: 'monthSpend', now }) as Promise<TeamMonthSpend>;
  }

  /** Stops shipping (the batch in flight finishes, its progress is saved), then the worker. */
  stop(timeoutMs = 5000): Promise<void> {
    this.stopping ??= (async () => {
      this.calls.post({ t: 'stop' });
      await Promise.race([this.stopped, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
      await this.worker.terminate();
      this.problems.dispose();
      this.changes.dispose();
    })();
    return this.stopping;
  }
}
