// MCP connection overhead, traced the way the extension traces it (the pool's own timing events):
// a cold connect — spawn or first HTTP response, initialize, first tools/list — beside a warm
// call on the open session, per transport. The design's target: 1–5 ms per call once warm vs
// ~100 ms cold.
import { homedir } from 'node:os';
import { silentLogger } from '../src/core/log';
import type { ServerEntry } from '../src/core/mcp/configDiff';
import { resolveServer } from '../src/core/mcp/configResolve';
import type { McpTiming } from '../src/core/mcp/connectTiming';
import { McpPool } from '../src/core/mcp/pool';
import { serverConnector } from '../src/core/mcp/transports';
import { FIXTURE, startHttpFixture } from './fixtureHttpServer';
import { report, summarize } from './lib';

const ROUNDS = 12;
const WARM_CALLS = 200;

const pool = new McpPool({
  connect: serverConnector('bench'),
  logger: () => silentLogger,
  resolve: (e) => resolveServer(e, e.inputs, { userHome: homedir(), env: process.env, resolveInput: async () => undefined }),
});
const timings: McpTiming[] = [];
pool.onTiming.event((t) => timings.push(t));

const entry = (name: string, server: ServerEntry['server']): ServerEntry => ({ name, source: { file: 'bench', scope: 'user' }, server, inputs: [] });

/** Each round: stop, connect cold (the first listing completes its trace), then warm calls. */
async function trace(name: string, transport: string): Promise<void> {
  const cold: number[] = [];
  const warm: number[] = [];
  const phases = new Map<string, number[]>();
  for (let r = 0; r <= ROUNDS; r++) {
    await pool.stop(name);
    timings.length = 0;
    await pool.listAllTools(name);
    for (let i = 0; i < WARM_CALLS; i++) await pool.callTool(name, 'echo', { text: 'x' });
    if (r === 0) continue; // the first round warms the JIT and the file cache
    for (const t of timings) {
      if (t.kind === 'call') warm.push(t.durationMs);
      else {
        cold.push(t.totalMs);
        for (const p of t.phases) phases.set(p.name, [...(phases.get(p.name) ?? []), p.ms]);
      }
    }
  }
  const ratio = summarize(cold).median / summarize(warm).median;
  report({
    figure: `MCP ${transport}: median warm call vs cold connect (cold/warm ${Math.round(ratio)}×)`,
    unit: 'ms',
    ours: summarize(warm),
    baseline: { name: 'cold connect (spawn/connect + initialize + tools/list)', ...summarize(cold) },
    better: 'lower',
    target: 'warm 1–5 ms vs ~100 ms cold',
  });
  for (const [phase, values] of phases) report({ figure: `MCP ${transport} cold connect: ${phase}`, unit: 'ms', ours: summarize(values) });
}

async function main(): Promise<void> {
  const { child, port } = await startHttpFixture();
  try {
    await pool.apply([
      entry('stdio', { type: 'stdio', command: process.execPath, args: [FIXTURE], env: {} }),
      entry('web', { type: 'http', url: `http://127.0.0.1:${port}/mcp`, headers: {} }),
    ]);
    await trace('stdio', 'stdio');
    await trace('web', 'streamable HTTP');
  } finally {
    child.kill();
    await pool.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
