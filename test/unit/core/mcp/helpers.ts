// Shared setup for the MCP tests: real servers (the SDK fixture and server-everything) run as
// child processes, or the fixture in-process over InMemoryTransport (no process at all); a host
// that resolves config the way the extension does and buffers logs.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { Event } from '../../../../src/core/lifecycle';
import type { ServerEntry } from '../../../../src/core/mcp/configDiff';
import { resolveServer } from '../../../../src/core/mcp/configResolve';
import type { RawServer } from '../../../../src/core/mcp/configTypes';
import type { Logger } from '../../../../src/core/log';
import type { ConnectServer } from '../../../../src/core/mcp/connection';
import { McpPool } from '../../../../src/core/mcp/pool';
import type { PoolHost, PoolSettings } from '../../../../src/core/mcp/poolTypes';
import { serverConnector } from '../../../../src/core/mcp/transports';
import { MemoryServers } from '../../../fixtures/mcp/memoryServers';

export const FIXTURE = resolve(__dirname, '../../../fixtures/mcp/toolServer.js');
/** A v2 (@modelcontextprotocol/server) fixture speaking both eras: `stdio` or `http`, optionally `reject` (no 2025 era). */
export const MODERN = resolve(__dirname, '../../../fixtures/mcp/modernServer.js');
export const EVERYTHING = resolve(__dirname, '../../../../../node_modules/@modelcontextprotocol/server-everything/dist/index.js');

export function entry(name: string, server: Partial<RawServer> & Record<string, unknown>): ServerEntry {
  const full = { type: 'stdio', command: process.execPath, args: [FIXTURE], env: {}, ...server } as RawServer;
  return { name, source: { file: '/test/mcp.json', scope: 'user' }, server: full, inputs: [] };
}

export function fixtureEntry(name: string, env: Record<string, string> = {}, extra: Record<string, unknown> = {}): ServerEntry {
  return entry(name, { args: [FIXTURE], env, ...extra });
}

export interface TestHost extends PoolHost {
  lines: string[];
}

/** A host over `connect`: real processes and sockets by default. */
export function testHost(connect: ConnectServer = serverConnector('test')): TestHost {
  const lines: string[] = [];
  const logger = (server: string): Logger => {
    const push = (level: string) => (m: string | Error) => void lines.push(`${level} ${server}: ${m instanceof Error ? m.message : m}`);
    return { trace: push('trace'), debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
  };
  return {
    lines,
    connect,
    logger,
    resolve: (e) => resolveServer(e, e.inputs, { userHome: homedir(), env: process.env, resolveInput: async () => undefined }),
  };
}

export const FAST_RECONNECT = { reconnectBaseMs: 20, reconnectMaxMs: 200, reconnectAttempts: 4, pingIntervalMs: 0 };

export interface MemoryPool {
  pool: McpPool;
  servers: MemoryServers;
  host: TestHost;
}

/** A pool whose fixture servers run in-process (entries made by `fixtureEntry`). */
export function memoryPool(settings: Partial<PoolSettings> = FAST_RECONNECT, host?: TestHost): MemoryPool {
  const servers = new MemoryServers();
  const h = host ?? testHost();
  h.connect = servers.connect;
  return { pool: new McpPool(h, settings), servers, host: h };
}

/** Waits for `promise`, failing with `what` if it has not settled after `ms` (a hang, not a timing). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what} (waited ${ms} ms)`)), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Starts a child and resolves once a line on `stream` matches `ready`. */
export function startChild(args: string[], env: Record<string, string>, ready: RegExp, stream: 'stdout' | 'stderr'): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((res, rej) => {
    let buf = '';
    const onData = (chunk: Buffer) => {
      buf += chunk.toString();
      const m = buf.match(ready);
      if (m) {
        child[stream]!.off('data', onData);
        res({ child, match: m });
      }
    };
    child[stream]!.on('data', onData);
    // Drain the other stream so a chatty server never blocks on a full pipe.
    child[stream === 'stdout' ? 'stderr' : 'stdout']!.resume();
    child.once('exit', (code) => rej(new Error(`child exited with ${code} before it was ready: ${buf}`)));
  }).finally(() => child.removeAllListeners('exit')) as Promise<{ child: ChildProcess; match: RegExpMatchArray }>;
}

/** Kills a child and waits for it to be gone. */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

export function textOf(result: unknown): string {
  const parts = ((result as { content?: unknown }).content ?? []) as { type: string; text?: string }[];
  return parts.map((p) => p.text ?? '').join('');
}

/** Resolves when `predicate` holds, checked whenever `subscribe` fires. */
export function until<T>(subscribe: Event<T>, predicate: (e: T) => boolean): Promise<T> {
  return new Promise((res) => {
    const sub = subscribe((e) => {
      if (predicate(e)) {
        sub.dispose();
        res(e);
      }
    });
  });
}

/** A pool and a server process a test may set; both are closed after each test of the calling suite. */
export function closedAfterEach(): { pool?: McpPool; child?: ChildProcess } {
  const held: { pool?: McpPool; child?: ChildProcess } = {};
  afterEach(async () => {
    await held.pool?.dispose();
    held.pool = undefined;
    await stopChild(held.child);
    held.child = undefined;
  });
  return held;
}
