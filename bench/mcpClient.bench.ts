// The v2 client against the v1 client it replaced, on the same servers in one run: warm callTool
// per era (a v2 server: modern on v2, 2025 on v1; a v1 server: 2025 on both), with both clients on
// our stdio transport (and the v1 client on the SDK's own as well); this process's CPU apart from
// the server's; a caller with no client library in either era, to show what the server and the
// protocol cost by themselves; the client library alone on canned in-process answers; and connect
// time with and without a cached negotiation verdict (`prior`), over stdio and HTTP.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PriorDiscovery } from '@modelcontextprotocol/client';
import type { ServerConfig } from '../src/core/mcp/configTypes';
import type { Connected } from '../src/core/mcp/connection';
import { serverConnector } from '../src/core/mcp/transports';
import { report, summarize, timePerCall } from './lib';
import type { Sample } from './lib';
import { cannedCaller, processCpuMs, rawCaller, v1Caller, v2Caller } from './mcpClientParts';
import type { WarmCaller } from './mcpClientParts';

const MODERN = resolve(__dirname, '../test/fixtures/mcp/modernServer.js');
const LEGACY = resolve(__dirname, '../test/fixtures/mcp/toolServer.js');
const connect = serverConnector('bench');
const hooks = { onStderr: () => undefined, timeoutMs: 30_000 };
const stdioConfig = (args: string[]): ServerConfig => ({ name: 'b', source: { file: 'bench', scope: 'user' }, options: {}, secrets: [], transport: { type: 'stdio', command: process.execPath, args, env: {} } });
const httpConfig = (url: string): ServerConfig => ({ name: 'b', source: { file: 'bench', scope: 'user' }, options: {}, secrets: [], transport: { type: 'http', url, headers: {} } });

interface Measured {
  name: string;
  caller: WarmCaller;
  wall: number[];
  cpu: number[];
  serverMs: number;
  calls: number;
}

const ROUNDS = 21;
const BATCH = 200;

/**
 * Warm callTool for each caller against its own process of the same server, in interleaved rounds
 * (one batch per caller per round, in rotating order, so the load of a shared machine falls on all
 * of them alike):
 * medians of wall time and of this process's CPU per call, and the server process's CPU per call.
 */
async function measure(callers: [string, () => Promise<WarmCaller>][]): Promise<Measured[]> {
  const runs: Measured[] = [];
  for (const [name, open] of callers) runs.push({ name, caller: await open(), wall: [], cpu: [], serverMs: 0, calls: 0 });
  for (const r of runs) for (let i = 0; i < BATCH; i++) await r.caller.call();
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts one caller later, so each follows every other equally often (a caller that
    // leaves much garbage would otherwise always tax the same neighbour with the collection).
    for (let k = 0; k < runs.length; k++) {
      const r = runs[(round + k) % runs.length]!;
      const server0 = processCpuMs(r.caller.pid);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < BATCH; i++) await r.caller.call();
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      r.wall.push((wall * 1000) / BATCH);
      r.cpu.push((cpu.user + cpu.system) / BATCH);
      r.serverMs += processCpuMs(r.caller.pid) - server0;
      r.calls += BATCH;
    }
  }
  await Promise.all(runs.map((r) => r.caller.close()));
  return runs;
}

const serverCpu = (r: Measured): Sample => {
  const perCall = (r.serverMs * 1000) / r.calls;
  return { median: perCall, min: perCall, max: perCall };
};

const load = (): string => loadavg().map((n) => n.toFixed(2)).join(' ');

function table(label: string, runs: Measured[], loadBefore: string): void {
  const base = summarize(runs[0]!.wall).median;
  console.log(`warm callTool, ${label}: ${ROUNDS} rounds × ${BATCH} calls, medians (µs per call); load average ${loadBefore} before, ${load()} after`);
  for (const r of runs) {
    const wall = summarize(r.wall).median;
    console.log(`  ${r.name.padEnd(34)} wall ${wall.toFixed(0).padStart(5)} (${(wall / base).toFixed(2)}×)  client CPU ${summarize(r.cpu).median.toFixed(0).padStart(4)}  server CPU ${serverCpu(r).median.toFixed(0).padStart(4)}`);
  }
}

/** Reports `ours` against `base`: wall time, client CPU and server CPU per call. */
function compare(label: string, ours: Measured, base: Measured, target?: string): void {
  const baseline = (s: Sample) => ({ name: base.name, ...s });
  report({ figure: `warm callTool, ${label}: ${ours.name} vs ${base.name}, wall`, unit: 'µs', ours: summarize(ours.wall), baseline: baseline(summarize(base.wall)), better: 'lower', target });
  report({ figure: `warm callTool, ${label}: ${ours.name} vs ${base.name}, client CPU`, unit: 'µs', ours: summarize(ours.cpu), baseline: baseline(summarize(base.cpu)), better: 'lower' });
  report({ figure: `warm callTool, ${label}: ${ours.name} vs ${base.name}, server CPU`, unit: 'µs', ours: serverCpu(ours), baseline: baseline(serverCpu(base)), better: 'lower' });
}

async function warmCalls(): Promise<void> {
  const modern = [MODERN, 'stdio'];
  let before = load();
  const v2Server = await measure([
    ['v1 client, our stdio', () => v1Caller(modern, 'ours')],
    ['v1 client, SDK stdio', () => v1Caller(modern, 'sdk')],
    ['v2 client (auto: 2026-07-28)', () => v2Caller(modern, 'auto')],
    ['v2 client held to 2025 (legacy)', () => v2Caller(modern, 'legacy')],
    ['v2 client, SDK callTool() (2026)', () => v2Caller(modern, 'auto', 'callTool')],
    ['no client library, 2025', () => rawCaller(modern, 'legacy')],
    ['no client library, 2026-07-28', () => rawCaller(modern, 'modern')],
  ]);
  table('v2 server over stdio', v2Server, before);
  const [v1Ours, v1Sdk, v2Auto, v2Legacy, v2CallTool, raw2025, raw2026] = v2Server as [Measured, Measured, Measured, Measured, Measured, Measured, Measured];
  compare('v2 server', v2Auto, v1Ours, '≤ 1.10× v1');
  compare('v2 server', v2Auto, v1Sdk);
  compare('v2 server', v2Legacy, v1Ours, '≤ 1.10× v1');
  compare('v2 server', v2Auto, v2CallTool);
  compare('v2 server, the protocol alone', raw2026, raw2025);
  // The floor of the 2026-07-28 cell: a caller that only writes the request and reads the reply,
  // against the v1 client. No client on that era can be faster than this on the same server.
  compare('v2 server, the 2026-07-28 floor (no client work at all)', raw2026, v1Ours);
  const legacy = [LEGACY];
  before = load();
  const v1Server = await measure([
    ['v1 client, our stdio', () => v1Caller(legacy, 'ours')],
    ['v1 client, SDK stdio', () => v1Caller(legacy, 'sdk')],
    ['v2 client (auto: falls back to 2025)', () => v2Caller(legacy, 'auto')],
    ['v2 client, SDK callTool()', () => v2Caller(legacy, 'auto', 'callTool')],
    ['no client library, 2025', () => rawCaller(legacy, 'legacy')],
  ]);
  table('v1 server over stdio', v1Server, before);
  const [w1Ours, w1Sdk, w2Auto, w2CallTool] = v1Server as [Measured, Measured, Measured, Measured];
  compare('v1 server', w2Auto, w1Ours, '≤ 1.10× v1');
  compare('v1 server', w2Auto, w1Sdk);
  compare('v1 server', w2Auto, w2CallTool);
}

/** The client library alone: every answer comes from a canned in-process transport. */
async function clientLibrary(): Promise<void> {
  const before = load();
  const runs = await measure([
    ['v1 client', () => cannedCaller('v1')],
    ['v2 client, 2025', () => cannedCaller('v2 legacy')],
    ['v2 client, 2026-07-28', () => cannedCaller('v2 modern')],
    ['v2 client, 2025, SDK callTool()', () => cannedCaller('v2 legacy', 'callTool')],
    ['v2 client, 2026-07-28, SDK callTool()', () => cannedCaller('v2 modern', 'callTool')],
  ]);
  table('canned in-process answers (client library only)', runs, before);
  for (const r of runs.slice(1)) report({ figure: `callTool, client library only (canned answers): ${r.name}`, unit: 'µs', ours: summarize(r.cpu), baseline: { name: 'v1 client', ...summarize(runs[0]!.cpu) }, better: 'lower' });
}

async function connectTimes(label: string, config: ServerConfig): Promise<void> {
  const once = async (prior: PriorDiscovery | undefined): Promise<Connected> => connect(config, { ...hooks, prior });
  const first = await once(undefined);
  const n = first.negotiated;
  const prior: PriorDiscovery = n.era === 'modern' && n.discover ? { kind: 'modern', discover: n.discover } : { kind: 'legacy' };
  await first.client.close();
  const opts = { rounds: 10, batch: 1, unit: 'ms' as const, warmup: 1 };
  const open: Connected[] = [];
  const timeConnect = (p: PriorDiscovery | undefined) => timePerCall(async () => open.push(await once(p)), opts);
  const base = await timeConnect(undefined);
  const ours = await timeConnect(prior);
  await Promise.all(open.map((c) => c.client.close()));
  report({ figure: `connect, ${label}, cached ${n.era} verdict`, unit: 'ms', ours, baseline: { name: 'no verdict (probe)', ...base }, better: 'lower' });
}

function startHttp(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [MODERN, 'http'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((res) => child.stdout!.on('data', (d: Buffer) => {
    const m = /listening (\d+)/.exec(d.toString());
    if (m) res({ child, url: `http://127.0.0.1:${m[1]}/mcp` });
  }));
}

async function main(): Promise<void> {
  await clientLibrary();
  await warmCalls();
  await connectTimes('v2 server over stdio', stdioConfig([MODERN, 'stdio']));
  await connectTimes('v1 server over stdio', stdioConfig([LEGACY]));
  const http = await startHttp();
  try {
    await connectTimes('v2 server over HTTP', httpConfig(http.url));
  } finally {
    http.child.kill();
  }
}

void main().then(() => process.exit(0));
