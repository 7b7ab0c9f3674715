// Request/reply over the ledger worker's message port: each call gets an id and a promise the
// worker's reply settles. The worker keeps the process alive only while a reply is awaited.
import type { Worker } from 'node:worker_threads';

/** A Worker or a MessagePort: both post, and ref/unref keep the process alive or not. */
export type CallTarget = Pick<Worker, 'postMessage' | 'ref' | 'unref'>;
import type { FromWorker, ToWorker, WorkerOp } from './protocol';

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/** Calls of `Op` posted as `{ t: 'call', id, op }`; other messages of `Msg` pass through `post`. */
export class WorkerCalls<Op = WorkerOp, Msg = ToWorker> {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | undefined;

  constructor(private readonly worker: CallTarget) {}

  /** Why the worker is gone, once it is. */
  get gone(): Error | undefined {
    return this.failure;
  }

  post(m: Msg): void {
    if (!this.failure) this.worker.postMessage(m);
  }

  call(op: Op): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.post({ t: 'call', id, op } as Msg);
    });
  }

  settle(m: Extract<FromWorker, { t: 'reply' }>): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker.unref();
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(m.error));
  }

  /** Every waiting call fails with `err`, and so does every later one. */
  fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
