// One upstream call shared by every concurrent caller of the same request (single flight).
// The flight records the events it receives so a caller that joins late replays what it missed
// and then follows live. The upstream call has its own AbortController: one caller cancelling
// leaves the others served, and only when every caller has gone is the upstream call aborted.
// A streamed answer is pulled by its callers: whichever caller runs out of recorded events asks
// the upstream stream for the next one (one pull at a time, shared), so the common case of a
// single caller costs one promise per event rather than a pump plus a hand-off per event.
import { cutStreamError, LlmError } from '../llm/errors';
import type { ChatResponse, StreamEvent } from '../llm/types';
import { responseDeltas } from './cacheEntry';
import { untilAborted } from '../abort';

/** The upstream call: a complete answer (`chat`), or a stream whose `done` event completes the flight. */
export type FlightRun =
  | { readonly chat: (signal: AbortSignal) => Promise<ChatResponse> }
  | { readonly stream: (signal: AbortSignal) => AsyncIterable<StreamEvent> };

export type FlightOutcome =
  /** `events` (ending with `done`) when the answer was streamed. */
  | { kind: 'complete'; response: ChatResponse; events?: readonly StreamEvent[] }
  | { kind: 'cut-off' }
  | { kind: 'failed'; error: unknown };

/** The error a cancelling caller gets: the same LlmError a provider throws when cancelled. */
export function cancelledError(providerId: string, signal: AbortSignal): LlmError {
  return new LlmError({ kind: 'cancelled', providerId, message: `${providerId}: request cancelled`, cause: signal.reason });
}

export class Flight {
  /** Settles as soon as the answer is complete, cut off or failed; never rejects. */
  readonly outcome: Promise<FlightOutcome>;
  private resolveOutcome!: (outcome: FlightOutcome) => void;
  private readonly events: StreamEvent[] = [];
  private readonly upstream = new AbortController();
  private settled?: FlightOutcome;
  private subscribers = 0;
  /** The upstream stream, for a streamed flight; pulled on demand by the callers. */
  private source?: AsyncIterator<StreamEvent>;
  private pulling = false;
  /** One promise shared by every caller waiting for the next change, made only when someone waits. */
  private wakeUp?: { promise: Promise<void>; resolve: () => void };

  /**
   * `onSettled` runs synchronously when the outcome is known, before any caller sees it, so an
   * answer is stored by the time its first caller can ask again.
   */
  constructor(
    /** Names the provider in the errors a caller gets, as the provider's own errors do. */
    private readonly providerId: string,
    run: FlightRun,
    private readonly onSettled: (outcome: FlightOutcome) => void,
  ) {
    this.outcome = new Promise((resolve) => (this.resolveOutcome = resolve));
    if ('chat' in run) void this.start(run.chat);
    else {
      try {
        this.source = run.stream(this.upstream.signal)[Symbol.asyncIterator]();
      } catch (error) {
        this.settle({ kind: 'failed', error });
      }
    }
  }

  /** A caller's copy of the answer. Rejects with the upstream error, or a `cancelled` LlmError when the caller's signal aborts. */
  async response(signal: AbortSignal | undefined, copy: boolean): Promise<ChatResponse> {
    const leave = this.join(signal);
    try {
      // A streamed flight moves only when pulled: this caller pulls until the end.
      while (!this.settled) await this.untilCancelled(this.nextChange(), signal);
      const outcome = this.settled;
      if (outcome.kind === 'failed') throw outcome.error;
      if (outcome.kind === 'cut-off') throw cutStreamError(this.providerId);
      return copy ? structuredClone(outcome.response) : outcome.response;
    } finally {
      leave();
    }
  }

  /**
   * The answer as stream events: everything recorded so far, then live events until the end.
   * A flight made by a non-streaming call yields deltas made from its complete answer.
   * A plain iterator rather than an async generator: it is on every event's path, and a
   * generator costs several promises per event. It joins at its first `next`, and leaves when it
   * ends, fails, or is closed (`return`).
   */
  replay(signal: AbortSignal | undefined, copy: boolean): AsyncIterableIterator<StreamEvent> {
    let leave: (() => void) | undefined;
    let finished = false;
    let next = 0;
    /** The deltas made from a complete answer that was not streamed, still to be yielded. */
    let tail: StreamEvent[] | undefined;
    // One abort listener per caller, not one per event: aborting wakes the wait, which throws.
    const onAbort = () => this.wake();
    const end = (): IteratorResult<StreamEvent> => {
      if (!finished) {
        finished = true;
        signal?.removeEventListener('abort', onAbort);
        leave?.();
      }
      return { done: true, value: undefined };
    };
    const step = async (): Promise<IteratorResult<StreamEvent>> => {
      if (finished) return end();
      try {
        if (!leave) {
          leave = this.join(signal);
          signal?.addEventListener('abort', onAbort, { once: true });
        }
        for (;;) {
          if (tail) return tail.length ? { done: false, value: tail.shift()! } : end();
          if (next < this.events.length) {
            const event = this.events[next++]!;
            return { done: false, value: copy ? structuredClone(event) : event };
          }
          const outcome = this.settled;
          if (outcome) {
            if (outcome.kind === 'failed') throw outcome.error;
            if (outcome.kind !== 'complete' || outcome.events) return end();
            const response = copy ? structuredClone(outcome.response) : outcome.response;
            tail = [...responseDeltas(response), { type: 'done', response }];
            continue;
          }
          if (signal?.aborted) throw this.cancelled(signal);
          await this.nextChange();
          if (signal?.aborted) throw this.cancelled(signal);
        }
      } catch (error) {
        end();
        throw error;
      }
    };
    const iterator: AsyncIterableIterator<StreamEvent> = {
      next: step,
      return: () => Promise.resolve(end()),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private join(signal: AbortSignal | undefined): () => void {
    if (signal?.aborted) throw this.cancelled(signal);
    this.subscribers++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      if (--this.subscribers === 0 && !this.settled) this.abandon(signal?.reason ?? new Error('All callers left.'));
    };
  }

  /** Every caller has gone: the upstream call is aborted and its stream closed. */
  private abandon(reason: unknown): void {
    this.upstream.abort(reason);
    if (!this.source) return;
    // Nobody pulls any more, so the flight ends here rather than with the stream's own error.
    this.settle({ kind: 'failed', error: reason });
    this.close();
  }

  private async start(run: (signal: AbortSignal) => Promise<ChatResponse>): Promise<void> {
    try {
      this.settle({ kind: 'complete', response: await run(this.upstream.signal) });
    } catch (error) {
      this.settle({ kind: 'failed', error });
    }
  }

  /** Resolves at the next change: an event, the outcome, or a waiting caller's abort. Starts a pull when none is running. */
  private nextChange(): Promise<void> {
    const promise = (this.wakeUp ??= newWakeUp()).promise;
    if (this.source && !this.pulling && !this.settled) {
      this.pulling = true;
      this.source.next().then(
        (step) => {
          this.pulling = false;
          if (this.settled) this.close();
          else if (step.done) this.settle({ kind: 'cut-off' });
          else this.record(step.value);
        },
        (error: unknown) => {
          this.pulling = false;
          // An error after `done` (e.g. from closing the stream) does not undo a complete answer.
          this.settle({ kind: 'failed', error });
        },
      );
    }
    return promise;
  }

  private record(event: StreamEvent): void {
    if (this.settled) return;
    this.events.push(event);
    if (event.type === 'done') {
      this.settle({ kind: 'complete', response: event.response, events: this.events });
      // The answer is complete: the stream is closed without reading on, as a consumer stopping at `done` does.
      this.close();
    } else this.wake();
  }

  private settle(outcome: FlightOutcome): void {
    if (this.settled) return;
    this.settled = outcome;
    try {
      this.onSettled(outcome);
    } finally {
      this.resolveOutcome(outcome);
      this.wake();
    }
  }

  /** Closes the upstream stream; errors from closing change nothing (the outcome is already known). */
  private close(): void {
    const source = this.source;
    if (!source?.return || this.pulling) return;
    source.return().then(undefined, () => undefined);
  }

  private cancelled(signal: AbortSignal): LlmError {
    return cancelledError(this.providerId, signal);
  }

  /** `promise`, or a cancellation error as soon as the caller's signal aborts. */
  private untilCancelled<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    return untilAborted(promise, signal, (s) => this.cancelled(s));
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.resolve();
  }
}

function newWakeUp(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
