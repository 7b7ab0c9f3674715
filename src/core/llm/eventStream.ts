// The AsyncIterable a provider's stream() returns. Hand-written rather than an async generator:
// a generator adds several promise ticks per yielded event, which on a fast local stream was
// ~15% on top of the bare SDK; this iterator adds one promise reaction per SDK chunk.
import { StreamAccumulator } from './accumulator';
import type { LlmError } from './errors';
import type { ChatResponse, StreamEvent } from './types';

/** An SDK stream plus the translation of its chunks into our events. */
export interface OpenedStream {
  chunks: AsyncIterable<unknown>;
  /** Appends the events one SDK chunk stands for to `out`, synchronously. */
  translate(chunk: unknown, out: StreamEvent[]): void;
  /** The response metadata, once the chunks are exhausted; throws if they ended too early. */
  end(): Parameters<StreamAccumulator['finish']>[0];
}

export interface EventStreamParts {
  /** Called once per iteration: iterating the stream twice makes two calls. */
  open(): Promise<OpenedStream>;
  normalize(err: unknown): LlmError;
  signal: AbortSignal | undefined;
}

export function eventStream(parts: EventStreamParts): AsyncIterable<StreamEvent> {
  return { [Symbol.asyncIterator]: () => new EventIterator(parts) };
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

class EventIterator implements AsyncIterator<StreamEvent> {
  private opened: OpenedStream | undefined;
  private source: AsyncIterator<unknown> | undefined;
  private readonly pending: StreamEvent[] = [];
  private position = 0;
  private finished = false;
  private readonly accumulator = new StreamAccumulator();

  constructor(private readonly parts: EventStreamParts) {}

  // Promise chains rather than async/await: one reaction per SDK chunk, the least we can add.
  next(): Promise<IteratorResult<StreamEvent>> {
    const buffered = this.pending[this.position];
    if (buffered) {
      this.position++;
      return Promise.resolve({ value: buffered, done: false });
    }
    if (this.finished) return Promise.resolve(DONE);
    if (this.source) return this.pull();
    return this.parts.open().then((opened) => {
      this.opened = opened;
      this.source = opened.chunks[Symbol.asyncIterator]();
      return this.pull();
    }, this.fail);
  }

  private pull(): Promise<IteratorResult<StreamEvent>> {
    return this.source!.next().then(this.onStep, this.fail);
  }

  private readonly onStep = (step: IteratorResult<unknown>): IteratorResult<StreamEvent> | Promise<IteratorResult<StreamEvent>> => {
    const opened = this.opened!;
    if (step.done) {
      let response: ChatResponse;
      try {
        // The SDKs end an aborted stream quietly; a cancelled call must not look complete.
        this.parts.signal?.throwIfAborted();
        response = this.accumulator.finish(opened.end());
      } catch (err) {
        return this.fail(err);
      }
      this.finished = true;
      // The SDK's stream is exhausted: nothing is left to close, so a `return` after the end is free.
      this.source = undefined;
      return { value: { type: 'done', response }, done: false };
    }
    this.pending.length = 0;
    this.position = 0;
    try {
      opened.translate(step.value, this.pending);
    } catch (err) {
      return this.fail(err);
    }
    for (const event of this.pending) this.accumulator.apply(event);
    const first = this.pending[this.position];
    if (!first) return this.pull(); // a chunk that means nothing to us (ping, block stop)
    this.position++;
    return { value: first, done: false };
  };

  private readonly fail = (err: unknown): Promise<never> => {
    this.finished = true;
    return this.closeSource().then(() => {
      throw this.parts.normalize(err);
    });
  };

  /** A consumer that stops early (break, return, throw) closes the SDK's stream and its HTTP response. */
  return(): Promise<IteratorResult<StreamEvent>> {
    this.finished = true;
    this.pending.length = 0;
    return this.source ? this.closeSource().then(() => DONE) : Promise.resolve(DONE);
  }

  private async closeSource(): Promise<void> {
    const source = this.source;
    this.source = undefined;
    try {
      await source?.return?.();
    } catch {
      // closing a failed stream may fail again; the first error is the one reported
    }
  }
}
