// The v2 client against the v1 client it replaced, on the same servers in one run: warm callTool
// per era (a v2 server: modern on v2, 2025 on v1; a v1 server: 2025 on both), and connect time
// with and without a cached negotiation verdict (`prior`), over stdio and HTTP.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { PriorDiscovery } from '@modelcontextprotocol/client';
import type { ServerConfig } from '../src/core/mcp/configTypes';
import type { Connected } from '../src/core/mcp/connection';
import { serverConnector } from '../src/core/mcp/transports';
import { report, timePerCall } from './lib';

const MODERN = resolve(__dirname, '../test/fixtures/mcp/modernServer.js');
const LEGACY = resolve(__dirname, '../test/fixtures/mcp/toolServer.js');
const connect = serverConnector('bench');
const hooks = { onStderr: () => undefined, timeoutMs: 30_000 };
const stdioConfig = (args: string[]): ServerConfig => ({ name: 'b', source: { file: 'bench', scope: 'user' }, options: {}, secrets: [], transport: { type: 'stdio', command: process.execPath, args, env: {} } });
const httpConfig = (url: string): ServerConfig => ({ name: 'b', source: { file: 'bench', scope: 'user' }, options: {}, secrets: [], transport: { type: 'http', url, headers: {} } });

async function warmCalls(label: string, args: string[]): Promise<void> {
  const v2 = await connect(stdioConfig(args), hooks);
  const v1 = new V1Client({ name: 'bench', version: '1' });
  await v1.connect(new StdioClientTransport({ command: process.execPath, args, stderr: 'ignore' }));
  const call = { name: 'echo', arguments: { text: 'x' } };
  const opts = { rounds: 15, batch: 100, unit: 'µs' as const };
  const base = await timePerCall(() => v1.callTool(call), opts);
  const ours = await timePerCall(() => v2.client.callTool(call), opts);
  report({ figure: `warm callTool, ${label} (v2 ${v2.negotiated.era} vs v1 2025)`, unit: 'µs', ours, baseline: { name: 'v1 client', ...base }, better: 'lower', target: '≤ 1.10× v1' });
  await Promise.all([v2.client.close(), v1.close()]);
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
  await warmCalls('v2 server over stdio', [MODERN, 'stdio']);
  await warmCalls('v1 server over stdio', [LEGACY]);
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
