// Writing each JSON-RPC message to a pipe with its own write() (as the SDK's stdio transports
// do): under 50 concurrent calls that syscall (and the wake-up of the reader it causes) was the largest cost
// in the client's profile. Corking the stream for the rest of the tick turns a burst into a few
// writevs; a lone message still leaves on the next tick. A batch leaves early once it holds
// BATCH_MAX messages, so the process at the other end can start on those while this one is
// still producing the rest (on two cores the two overlap instead of taking turns). Messages,
// their order and back-pressure handling are unchanged.
import type { Writable } from 'node:stream';

export const BATCH_MAX = 10;

/** Messages written to each corked stream in its current batch. */
const batched = new WeakMap<Writable, number>();

/** Call before each message written to `stream`: corks it for the rest of the tick, in batches. */
export function corkForTick(stream: Writable): void {
  const count = batched.get(stream);
  if (count === undefined) {
    if (stream.writableCorked) return; // someone else's cork: leave it to them
    stream.cork();
    batched.set(stream, 1);
    process.nextTick(() => {
      batched.delete(stream);
      stream.uncork();
    });
  } else if (count >= BATCH_MAX) {
    stream.uncork();
    stream.cork();
    batched.set(stream, 1);
  } else {
    batched.set(stream, count + 1);
  }
}
