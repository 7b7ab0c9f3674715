// One upstream call shared by every concurrent caller of the same request (single flight).
// The flight records the events it receives so a caller that joins late replays what it missed
// and then follows live. The upstream call has its own AbortController: one caller cancelling
// leaves the others served, and only when every caller has gone is the upstream call aborted.
import { cutStreamError, LlmError } from '../llm/errors';
import type { ChatResponse, StreamEvent } from '../llm/types';
import { responseDeltas } from './cacheEntry';
import { untilAborted } from '../abort';

/**
 * Runs the upstream call. A non-streaming run resolves the answer; a streaming run calls `emit`
 * per event (the `done` event completes the flight) and resolves nothing.
 */
export type FlightRun = (signal: AbortSignal, emit: (event: StreamEvent) => void) => Promise<ChatResponse | void>;

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
  private waiters: (() => void)[] = [];

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
    void this.start(run);
  }

  /** A caller's copy of the answer. Rejects with the upstream error, or a `cancelled` LlmError when the caller's signal aborts. */
  async response(signal: AbortSignal | undefined, copy: boolean): Promise<ChatResponse> {
    const leave = this.join(signal);
    try {
      const outcome = await this.untilCancelled(this.outcome, signal);
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
   */
  async *replay(signal: AbortSignal | undefined, copy: boolean): AsyncGenerator<StreamEvent> {
    const leave = this.join(signal);
    // One abort listener per caller, not one per event: aborting wakes the loop, which throws.
    const onAbort = () => this.wake();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let next = 0;
      for (;;) {
        while (next < this.events.length) {
          const event = this.events[next++]!;
          yield copy ? structuredClone(event) : event;
        }
        const outcome = this.settled;
        if (outcome) {
          if (outcome.kind === 'failed') throw outcome.error;
          if (outcome.kind === 'complete' && !outcome.events) {
            const response = copy ? structuredClone(outcome.response) : outcome.response;
            yield* responseDeltas(response);
            yield { type: 'done', response };
          }
          return;
        }
        if (signal?.aborted) throw this.cancelled(signal);
        await new Promise<void>((resolve) => this.waiters.push(resolve));
        if (signal?.aborted) throw this.cancelled(signal);
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      leave();
    }
  }

  private join(signal: AbortSignal | undefined): () => void {
    if (signal?.aborted) throw this.cancelled(signal);
    this.subscribers++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      if (--this.subscribers === 0 && !this.settled) this.upstream.abort(signal?.reason ?? new Error('All callers left.'));
    };
  }

  private async start(run: FlightRun): Promise<void> {
    try {
      const response = await run(this.upstream.signal, (event) => this.record(event));
      if (response) this.settle({ kind: 'complete', response });
      else this.settle({ kind: 'cut-off' });
    } catch (error) {
      // An error after `done` (e.g. from closing the stream) does not undo a complete answer.
      this.settle({ kind: 'failed', error });
    }
  }

  private record(event: StreamEvent): void {
    if (this.settled) return;
    this.events.push(event);
    if (event.type === 'done') this.settle({ kind: 'complete', response: event.response, events: this.events });
    else this.wake();
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

  private cancelled(signal: AbortSignal): LlmError {
    return cancelledError(this.providerId, signal);
  }

  /** `promise`, or a cancellation error as soon as the caller's signal aborts. */
  private untilCancelled<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    return untilAborted(promise, signal, (s) => this.cancelled(s));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
