// One upstream call shared by every concurrent caller of the same request (single flight).
// The flight records the events it receives, so a caller that joins late replays what it missed
// and then follows live. A streamed answer is pulled by its callers: a caller that has read every
// recorded event and asks for more starts the next upstream read (one at a time, shared), and each
// event read is handed straight to every caller waiting for it. So a caller that stops reading
// holds up nobody else, and a lone caller costs about what reading the stream directly does.
// The upstream call has its own AbortController: one caller leaving leaves the others served;
// when the last one leaves before the end, the call is aborted, its stream closed, and nothing kept.
import { cutStreamError } from '../llm/errors';
import type { ChatResponse, StreamEvent } from '../llm/types';
import { untilAborted } from '../abort';
import { cancelledError, FlightReader } from './flightReader';
import type { FlightOutcome, ReadableFlight } from './flightReader';

export { cancelledError };
export type { FlightOutcome };

/** The upstream call: a complete answer (`chat`), or a stream whose `done` event completes the flight. */
export type FlightRun =
  | { readonly chat: (signal: AbortSignal) => Promise<ChatResponse> }
  | { readonly stream: (signal: AbortSignal) => AsyncIterable<StreamEvent> };

export class Flight implements ReadableFlight {
  /** Settles as soon as the answer is complete, cut off or failed; never rejects. */
  readonly outcome: Promise<FlightOutcome>;
  private resolveOutcome!: (outcome: FlightOutcome) => void;
  /** Every event received so far, in order (the `done` event last once complete). */
  readonly events: StreamEvent[] = [];
  settled?: FlightOutcome;
  private readonly upstream = new AbortController();
  private subscribers = 0;
  /** The upstream stream, for a streamed flight; read only when a caller asks. */
  private source?: AsyncIterator<StreamEvent>;
  private pulling = false;
  /** Readers that have read every recorded event and wait for the next change. */
  private waiting: FlightReader[] = [];

  /**
   * `onSettled` runs synchronously when the outcome is known, before any caller sees it, so an
   * answer is stored by the time its first caller can ask again.
   */
  constructor(
    /** Names the provider in the errors a caller gets, as the provider's own errors do. */
    readonly providerId: string,
    run: FlightRun,
    private readonly onSettled: (outcome: FlightOutcome) => void,
  ) {
    this.outcome = new Promise((resolve) => (this.resolveOutcome = resolve));
    try {
      if ('chat' in run) this.start(run.chat(this.upstream.signal));
      else this.source = run.stream(this.upstream.signal)[Symbol.asyncIterator]();
    } catch (error) {
      this.settle({ kind: 'failed', error });
    }
  }

  /** A caller's copy of the answer. Rejects with the upstream error, or a `cancelled` LlmError when the caller's signal aborts. */
  async response(signal: AbortSignal | undefined, copy: boolean): Promise<ChatResponse> {
    if (this.source) {
      // A streamed flight moves only when read: this caller reads it to the end.
      const reader = this.replay(signal, false);
      while (!(await reader.next()).done);
    } else {
      const leave = this.join(signal);
      try {
        await untilAborted(this.outcome, signal, (s) => cancelledError(this.providerId, s));
      } finally {
        leave();
      }
    }
    const outcome = this.settled!;
    if (outcome.kind === 'failed') throw outcome.error;
    if (outcome.kind === 'cut-off') throw cutStreamError(this.providerId);
    return copy ? structuredClone(outcome.response) : outcome.response;
  }

  /**
   * The answer as stream events: everything recorded so far, then live events until the end.
   * A flight made by a non-streaming call yields deltas made from its complete answer. The
   * caller joins now, not at its first read, so a flight it has opened is not abandoned under it;
   * it leaves when its stream ends, fails, is closed or its signal aborts.
   */
  replay(signal: AbortSignal | undefined, copy: boolean): FlightReader {
    return new FlightReader(this, this.join(signal), signal, copy);
  }

  /** Parks `reader` until the next event or the outcome, starting an upstream read if none is running. */
  wait(reader: FlightReader): void {
    this.waiting.push(reader);
    if (!this.source || this.pulling) return;
    this.pulling = true;
    let read: Promise<IteratorResult<StreamEvent>>;
    try {
      read = this.source.next();
    } catch (error) {
      // A stream that throws instead of rejecting fails the flight the same way.
      read = Promise.reject(error as Error);
    }
    read.then(this.onRead, this.onReadError);
  }

  private readonly onRead = (step: IteratorResult<StreamEvent>): void => {
    this.pulling = false;
    if (this.settled) this.close();
    else if (step.done) this.settle({ kind: 'cut-off' });
    else this.record(step.value);
  };

  private readonly onReadError = (error: unknown): void => {
    this.pulling = false;
    // An error after the outcome (e.g. the abort of an abandoned flight) changes nothing.
    this.settle({ kind: 'failed', error });
  };

  /** Takes `reader` off the waiting list (it was cancelled). */
  unwait(reader: FlightReader): void {
    const at = this.waiting.indexOf(reader);
    if (at >= 0) this.waiting.splice(at, 1);
  }

  private join(signal: AbortSignal | undefined): () => void {
    if (signal?.aborted) throw cancelledError(this.providerId, signal);
    this.subscribers++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      if (--this.subscribers === 0 && !this.settled) this.abandon(signal?.reason ?? new Error('All callers left.'));
    };
  }

  /** Every caller has gone before the end: the call is aborted, its stream closed, and nothing kept. */
  private abandon(reason: unknown): void {
    this.upstream.abort(reason);
    this.settle({ kind: 'failed', error: reason });
    this.close();
  }

  private start(answer: Promise<ChatResponse>): void {
    answer.then(
      (response) => this.settle({ kind: 'complete', response }),
      (error: unknown) => this.settle({ kind: 'failed', error }),
    );
  }

  private record(event: StreamEvent): void {
    this.events.push(event);
    if (event.type === 'done') {
      this.settle({ kind: 'complete', response: event.response, events: this.events });
      // The answer is complete: the stream is closed without reading on, as a consumer stopping at `done` does.
      this.close();
    } else this.deliver();
  }

  private settle(outcome: FlightOutcome): void {
    if (this.settled) return;
    this.settled = outcome;
    try {
      this.onSettled(outcome);
    } finally {
      this.resolveOutcome(outcome);
      this.deliver();
    }
  }

  /** Hands the change to every waiting reader (each has read all before it, so each can move). */
  private deliver(): void {
    const waiting = this.waiting;
    // The common case, one caller, without a new list per event.
    if (waiting.length <= 1) {
      waiting.pop()?.wake();
      return;
    }
    this.waiting = [];
    for (const reader of waiting) reader.wake();
  }

  /** Closes the upstream stream; errors from closing change nothing (the outcome is already known). */
  private close(): void {
    const source = this.source;
    if (!source?.return || this.pulling) return;
    source.return().then(undefined, () => undefined);
  }
}
