// The SDK's stdio transport writes each JSON-RPC message with its own write() to the child's
// stdin: under 50 concurrent calls that syscall was the largest cost in the client's profile.
// Corking stdin for the rest of the tick turns a burst into one writev; a lone call still
// leaves on the next tick. Messages, their order and back-pressure handling are unchanged.
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Writable } from 'node:stream';

export class BatchingStdioTransport extends StdioClientTransport {
  private corked = false;

  override send(message: JSONRPCMessage): Promise<void> {
    // `_process` is the SDK's private child handle; without it we simply do not batch.
    const stdin = (this as unknown as { _process?: { stdin?: Writable | null } })._process?.stdin;
    if (stdin && !this.corked && !stdin.writableCorked) {
      this.corked = true;
      stdin.cork();
      process.nextTick(() => {
        this.corked = false;
        stdin.uncork();
      });
    }
    return super.send(message);
  }
}
