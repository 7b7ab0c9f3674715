// Our stdio client transport: we spawn the server ourselves and speak newline-delimited
// JSON-RPC over its pipes, framed by the SDK's exported ReadBuffer/serializeMessage. Owning the
// child gives us, through public seams only, what the SDK's StdioClientTransport keeps private:
// per-tick batching of writes on stdin (see batchingStdio.ts), stderr line by line, and the pid.
// Closing ends stdin, then sends SIGTERM, then SIGKILL, each after a grace period.
import type { ChildProcess } from 'node:child_process';
import spawn from 'cross-spawn';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/client';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import { corkForTick } from './batchingStdio';

/** How long a closing server gets to exit after stdin ends, and again after SIGTERM. */
export const CLOSE_GRACE_MS = 2_000;

export interface StdioParams {
  command: string;
  args: string[];
  /** The whole environment of the child (nothing is inherited beyond it). */
  env: Record<string, string>;
  cwd?: string;
  /** Receives stderr line by line (a partial last line when the stream ends). */
  onStderr(line: string): void;
  /** Called when the child process has been spawned. */
  onSpawn?(): void;
}

export class StdioChildTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private child: ChildProcess | undefined;
  private readonly buffer = new ReadBuffer();

  constructor(private readonly params: StdioParams) {}

  /** The child's process id, once started. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * The child's stderr (we read it line by line ourselves). With `pid`, this is how the SDK knows
   * a stdio transport: a probe that gets no answer on stdio means a 2025-era server, not an outage.
   */
  get stderr(): NodeJS.ReadableStream | null {
    return this.child?.stderr ?? null;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('the stdio transport is already started');
    const p = this.params;
    const child = spawn(p.command, p.args, { env: p.env, cwd: p.cwd, stdio: ['pipe', 'pipe', 'pipe'], shell: false, windowsHide: true });
    this.child = child;
    return new Promise((resolve, reject) => {
      child.once('spawn', () => {
        p.onSpawn?.();
        resolve();
      });
      child.on('error', (err) => {
        reject(err); // a no-op once spawned
        this.onerror?.(err);
      });
      child.once('close', () => {
        this.child = undefined;
        this.buffer.clear();
        this.onclose?.();
      });
      child.stdin?.on('error', (err) => this.onerror?.(err));
      child.stdout?.on('error', (err) => this.onerror?.(err));
      child.stdout?.on('data', (chunk: Buffer) => this.read(chunk));
      splitLines(child.stderr, p.onStderr);
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.writableEnded) return Promise.reject(new Error('Not connected'));
    corkForTick(stdin);
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    child.stdin?.end();
    await within(closed, CLOSE_GRACE_MS);
    if (!exited()) child.kill('SIGTERM');
    await within(closed, CLOSE_GRACE_MS);
    if (!exited()) child.kill('SIGKILL');
  }

  private read(chunk: Buffer): void {
    try {
      this.buffer.append(chunk);
    } catch (err) {
      // An oversized or unterminated flood: the stream can no longer be trusted.
      this.onerror?.(err as Error);
      void this.close();
      return;
    }
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.buffer.readMessage();
      } catch (err) {
        this.onerror?.(err as Error); // one bad line; the next may be fine
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }
}

function splitLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let pending = '';
  stream?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) if (line) onLine(line);
  });
  stream?.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}

function within(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void promise.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
