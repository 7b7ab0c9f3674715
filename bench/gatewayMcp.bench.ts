// The gateway's `/mcp`: (1) a tool call through it (MCP SDK client → gateway server with its checks
// → pool → server-everything over stdio) vs the same client calling server-everything over its
// own stdio: the added latency; (2) processes and resident memory for 3 clients × 3 servers when
// the clients share the gateway's pool vs when each client spawns its own copy of each server.
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ClientKeyStore } from '../src/core/gateway/clientKeys';
import type { GatewayServer } from '../src/core/gateway/server';
import { startGateway } from '../src/core/gateway/startGateway';
import { silentLogger } from '../src/core/log';
import { EVERYTHING_SERVER, McpGateway, serverEntry } from '../test/fixtures/mcp/mcpGateway';
import { percentile, report, summarize } from './lib';

const CALLS = 400;
const SERVERS = ['e1', 'e2', 'e3'];
const CLIENTS = 3;

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function timeCalls(client: Client, name: string): Promise<number[]> {
  for (let i = 0; i < 50; i++) await client.callTool({ name, arguments: { message: 'warm' } });
  const ms: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await client.callTool({ name, arguments: { message: `call ${i}` } });
    ms.push(performance.now() - t0);
  }
  return ms;
}

async function viaGateway(gw: McpGateway, server: GatewayServer, key: string): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
  await client.listTools();
  return client;
}

async function direct(): Promise<{ client: Client; pid: number }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'], stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  return { client, pid: transport.pid! };
}

async function main(): Promise<void> {
  const gw = await new McpGateway().start(SERVERS.map((s) => serverEntry(s, [EVERYTHING_SERVER, 'stdio'])));
  const keys = new ClientKeyStore({ read: async () => undefined, write: async () => undefined });
  const server = await startGateway({ port: 0, keys, log: silentLogger, providers: { providers: () => [], llm: () => { throw new Error('no providers in this bench'); } }, routes: { '/mcp': gw.endpoint.handler } });
  for (const s of SERVERS) gw.registry.preferences.setApprovalMode(`${s}/echo`, 'auto');

  // (1) Added latency of one tool call.
  const one = await viaGateway(gw, server, (await keys.create('bench-0')).key);
  const own = await direct();
  const through = await timeCalls(one, 'e1__echo');
  const straight = await timeCalls(own.client, 'echo');
  const added = summarize(through).median - summarize(straight).median;
  report({
    figure: `MCP tool call (server-everything echo): via /mcp vs the client's own stdio; added p50 ${added.toFixed(2)} ms, p99 ${(percentile(through, 99) - percentile(straight, 99)).toFixed(2)} ms, min ${(summarize(through).min - summarize(straight).min).toFixed(2)} ms`,
    unit: 'ms',
    ours: summarize(through),
    baseline: { name: 'own stdio', ...summarize(straight) },
    better: 'lower',
  });

  // (2) 3 clients × 3 servers: shared through the gateway vs each client spawning its own.
  const host0 = process.memoryUsage().rss / 2 ** 20;
  const shared = [one, ...(await Promise.all(Array.from({ length: CLIENTS - 1 }, async (_, i) => viaGateway(gw, server, (await keys.create(`bench-${i + 1}`)).key))))];
  await Promise.all(shared.flatMap((c) => SERVERS.map((s) => c.callTool({ name: `${s}__echo`, arguments: { message: 'x' } }))));
  const gatewayPids = [...new Set(gw.spawned)];
  const gatewayRss = gatewayPids.reduce((n, pid) => n + rssMb(pid), 0);
  const hostDelta = process.memoryUsage().rss / 2 ** 20 - host0;
  const spawned = [own, ...(await Promise.all(Array.from({ length: CLIENTS * SERVERS.length - 1 }, () => direct())))];
  await Promise.all(spawned.map((d) => d.client.callTool({ name: 'echo', arguments: { message: 'x' } })));
  const ownRss = spawned.reduce((n, d) => n + rssMb(d.pid), 0);
  report({
    figure: `3 clients × 3 servers, server processes: gateway ${gatewayPids.length} vs each client its own ${spawned.length}`,
    unit: 'processes',
    ours: summarize([gatewayPids.length]),
    baseline: { name: 'each client spawns', ...summarize([spawned.length]) },
    better: 'lower',
  });
  report({
    figure: `3 clients × 3 servers, servers' resident memory (gateway host grew ${hostDelta.toFixed(0)} MB for the 3 sessions)`,
    unit: 'MB',
    ours: summarize([gatewayRss]),
    baseline: { name: 'each client spawns', ...summarize([ownRss]) },
    better: 'lower',
  });

  await Promise.all([...shared, ...spawned.map((d) => d.client)].map((c) => c.close()));
  await server.stop();
  await gw.close();
}

// Child processes and sockets would keep the process alive after a failure.
void main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
