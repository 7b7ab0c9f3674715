// The SDK's stdio transports write each JSON-RPC message with its own write(): under 50
// concurrent calls that syscall (and the wake-up of the reader it causes) was the largest cost
// in the client's profile. Corking the stream for the rest of the tick turns a burst into one
// writev; a lone message still leaves on the next tick. Messages, their order and back-pressure
// handling are unchanged.
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Writable } from 'node:stream';

const corked = new WeakSet<Writable>();

/** Corks `stream` until the current tick's microtasks have run, unless it is corked already. */
export function corkForTick(stream: Writable): void {
  if (corked.has(stream) || stream.writableCorked) return;
  corked.add(stream);
  stream.cork();
  process.nextTick(() => {
    corked.delete(stream);
    stream.uncork();
  });
}

export class BatchingStdioTransport extends StdioClientTransport {
  override send(message: JSONRPCMessage): Promise<void> {
    // `_process` is the SDK's private child handle; without it we simply do not batch.
    const stdin = (this as unknown as { _process?: { stdin?: Writable | null } })._process?.stdin;
    if (stdin) corkForTick(stdin);
    return super.send(message);
  }
}
