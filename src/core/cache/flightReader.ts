// One caller's stream of a shared upstream call (see flight.ts). A plain iterator rather than an
// async generator: it is on every event's path, and a generator costs several promises per event.
// A read that must wait is parked on the flight and resolved directly when the next event or the
// outcome arrives, or rejected at once when the caller's signal aborts.
import { LlmError } from '../llm/errors';
import type { ChatResponse, StreamEvent } from '../llm/types';
import { responseDeltas } from './cacheEntry';

export type FlightOutcome =
  /** `events` (ending with `done`) when the answer was streamed. */
  | { kind: 'complete'; response: ChatResponse; events?: readonly StreamEvent[] }
  | { kind: 'cut-off' }
  | { kind: 'failed'; error: unknown };

/** What a reader needs of its flight (flight.ts). */
export interface ReadableFlight {
  readonly providerId: string;
  /** Every event received so far, in order. */
  readonly events: readonly StreamEvent[];
  readonly settled?: FlightOutcome;
  /** Parks the reader until the next change (then calls its `wake`), reading upstream if needed. */
  wait(reader: FlightReader): void;
  unwait(reader: FlightReader): void;
}

/** The error a cancelling caller gets: the same LlmError a provider throws when cancelled. */
export function cancelledError(providerId: string, signal: AbortSignal): LlmError {
  return new LlmError({ kind: 'cancelled', providerId, message: `${providerId}: request cancelled`, cause: signal.reason });
}

const END: IteratorResult<StreamEvent> = { done: true, value: undefined };

interface PendingRead {
  resolve(result: IteratorResult<StreamEvent>): void;
  reject(error: unknown): void;
}

export class FlightReader implements AsyncIterableIterator<StreamEvent> {
  /** How many of the flight's recorded events this reader has had. */
  private read = 0;
  /** The deltas made from a complete answer that was not streamed, still to be yielded. */
  private tail?: StreamEvent[];
  private finished = false;
  /** Thrown by the next read: the caller cancelled while not reading. */
  private failure?: unknown;
  private pending?: PendingRead;
  /** The read in progress, so a read asked for before it ends waits its turn. */
  private current?: Promise<IteratorResult<StreamEvent>>;
  private readonly onAbort = () => this.cancel();

  constructor(
    private readonly flight: ReadableFlight,
    private readonly leave: () => void,
    private readonly signal: AbortSignal | undefined,
    private readonly copy: boolean,
  ) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StreamEvent>> {
    if (this.current) return this.current.then(() => this.next(), () => this.next());
    try {
      const result = this.step();
      if (result) return Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
    const read = new Promise<IteratorResult<StreamEvent>>((resolve, reject) => (this.pending = { resolve, reject }));
    this.current = read;
    this.flight.wait(this);
    return read;
  }

  return(): Promise<IteratorResult<StreamEvent>> {
    const pending = this.pending;
    if (pending) {
      this.flight.unwait(this);
      this.clearPending();
      pending.resolve(END);
    }
    return Promise.resolve(this.end());
  }

  /** Called by the flight when something changed: a new event or the outcome. */
  wake(): void {
    const pending = this.pending;
    if (!pending) return;
    try {
      const result = this.step();
      if (!result) {
        this.flight.wait(this);
        return;
      }
      this.clearPending();
      pending.resolve(result);
    } catch (error) {
      this.clearPending();
      pending.reject(error);
    }
  }

  /** The next result if it is known now; undefined if the reader must wait. Throws a failure. */
  private step(): IteratorResult<StreamEvent> | undefined {
    if (this.finished) {
      const failure = this.failure;
      if (failure === undefined) return END;
      this.failure = undefined;
      throw failure;
    }
    if (this.tail) return this.tail.length ? { done: false, value: this.tail.shift()! } : this.end();
    const { events, settled } = this.flight;
    if (this.read < events.length) {
      const event = events[this.read++]!;
      return { done: false, value: this.copy ? structuredClone(event) : event };
    }
    if (!settled) return undefined;
    if (settled.kind === 'failed') {
      this.end();
      throw settled.error;
    }
    if (settled.kind !== 'complete' || settled.events) return this.end();
    const response = this.copy ? structuredClone(settled.response) : settled.response;
    this.tail = [...responseDeltas(response), { type: 'done', response }];
    return this.step();
  }

  /** The caller's signal aborted: it leaves now, and its read (pending or next) fails as cancelled. */
  private cancel(): void {
    const error = cancelledError(this.flight.providerId, this.signal!);
    const pending = this.pending;
    if (pending) {
      this.flight.unwait(this);
      this.clearPending();
    } else if (!this.finished) this.failure = error;
    this.end();
    pending?.reject(error);
  }

  private clearPending(): void {
    this.pending = undefined;
    this.current = undefined;
  }

  private end(): IteratorResult<StreamEvent> {
    if (!this.finished) {
      this.finished = true;
      this.signal?.removeEventListener('abort', this.onAbort);
      this.leave();
    }
    return END;
  }
}
