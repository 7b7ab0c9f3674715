// Tool selection past the limit, beside the naive way in the same run, over 1,000, 10,000 and
// 100,000 synthetic tools (servers of 100):
// - building the BM25 index from the registry; re-indexing one server whose tools changed
//   (incremental) vs rebuilding the whole index;
// - one query (top 128 for a prompt) vs scoring every tool's precomputed term frequencies;
// - schema tokens sent per agent step with selection (maxTools 128) vs all enabled tools, on
//   server-everything's real tools plus 1,000 synthetic ones.
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { silentLogger } from '../src/core/log';
import { resolveServer } from '../src/core/mcp/configResolve';
import { McpPool } from '../src/core/mcp/pool';
import { ToolRegistry } from '../src/core/mcp/registry';
import type { ToolEntry } from '../src/core/mcp/registry';
import { ToolIndexer } from '../src/core/mcp/toolIndexer';
import { serverConnector } from '../src/core/mcp/transports';
import { ToolIndex } from '../src/core/tools/toolIndex';
import { selectTools } from '../src/core/tools/toolSelection';
import { terms, weightedTerms } from '../src/core/tools/toolText';
import { byServer, syntheticTools } from '../test/fixtures/syntheticTools';
import { report, summarize, timePerCallSync } from './lib';

const EVERYTHING = resolve(__dirname, '../../node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const MAX_TOOLS = 128;

function filled(count: number): ToolRegistry {
  const registry = new ToolRegistry();
  for (const [server, tools] of byServer(syntheticTools(count))) registry.replaceServer(server, tools);
  return registry;
}

/** Prompts naming tasks of the set, as a user would phrase them. */
function prompts(count: number): string[] {
  return syntheticTools(count)
    .filter((_, i) => i % Math.max(1, Math.floor(count / 50)) === 0)
    .map((t) => `Please ${t.verb} the ${t.noun} called "Q3 plan" in ${t.domain} and tell me what changed`);
}

/** The naive ranking: every tool's weighted term frequencies scored for every query (same BM25). */
function naiveScorer(entries: readonly ToolEntry[]): (query: string) => ToolEntry[] {
  const docs = entries.map((entry) => ({ entry, ...weightedTerms(entry) }));
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const avg = docs.reduce((n, d) => n + d.length, 0) / docs.length;
  return (query) => {
    const q = [...new Set(terms(query))];
    const scored: { entry: ToolEntry; score: number }[] = [];
    for (const d of docs) {
      let score = 0;
      for (const t of q) {
        const f = d.tf.get(t);
        if (!f) continue;
        const n = df.get(t)!;
        score += (Math.log(1 + (docs.length - n + 0.5) / (n + 0.5)) * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * d.length) / avg));
      }
      if (score > 0) scored.push({ entry: d.entry, score });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, MAX_TOOLS).map((s) => s.entry);
  };
}

function scale(count: number): void {
  const label = count.toLocaleString('en');
  const registry = filled(count);
  const rounds = count >= 100_000 ? 3 : 7;
  const build = timePerCallSync(() => ToolIndex.follow(registry).dispose(), { batch: 1, unit: 'ms', rounds });
  report({ figure: `BM25 index build, ${label} tools`, unit: 'ms', ours: build, better: 'lower' });

  const index = ToolIndex.follow(registry);
  // One server's 100 tools replaced by 100 others (a tools/list_changed), applied incrementally.
  const server = registry.tools()[0]!.server;
  const variants = [syntheticTools(100, count), syntheticTools(100, count + 100)].map((set) => set.map((t) => t.tool));
  let flip = 0;
  const update = timePerCallSync(() => registry.replaceServer(server, variants[flip++ % 2]!), { batch: 20, unit: 'ms', rounds });
  const rebuild = timePerCallSync(
    () => {
      registry.replaceServer(server, variants[flip++ % 2]!);
      new ToolIndex().addAll(registry.tools());
    },
    { batch: 1, unit: 'ms', rounds },
  );
  report({ figure: `index update, one 100-tool server re-listed, ${label} tools`, unit: 'ms', ours: update, baseline: { name: 'full rebuild', ...rebuild }, better: 'lower' });

  const queries = prompts(count);
  let q = 0;
  const search = timePerCallSync(() => index.search(queries[q++ % queries.length]!, MAX_TOOLS), { batch: 50, unit: 'ms', rounds });
  const naive = naiveScorer(registry.tools());
  const scan = timePerCallSync(() => naive(queries[q++ % queries.length]!), { batch: count >= 100_000 ? 3 : 20, unit: 'ms', rounds });
  report({
    figure: `query (top ${MAX_TOOLS} for a prompt), ${label} tools`,
    unit: 'ms',
    ours: search,
    baseline: { name: 'score every tool', ...scan },
    better: 'lower',
    ...(count === 10_000 ? { target: '≤ 1 ms' } : {}),
  });
  const enabled = registry.enabledTools();
  const opts = { maxTools: MAX_TOOLS, index, isPinned: () => false, tokensOf: (e: ToolEntry) => registry.toolTokens(e) };
  const select = timePerCallSync(() => selectTools(enabled, queries[q++ % queries.length]!, opts), { batch: 20, unit: 'ms', rounds });
  report({ figure: `selectTools (query + offered/left-out lists + token sums), ${label} tools`, unit: 'ms', ours: select, better: 'lower' });
  index.dispose();
}

async function tokensPerStep(): Promise<void> {
  const pool = new McpPool({
    connect: serverConnector('bench'),
    logger: () => silentLogger,
    resolve: (e) => resolveServer(e, e.inputs, { userHome: homedir(), env: process.env, resolveInput: async () => undefined }),
  });
  const registry = filled(1_000);
  const index = ToolIndex.follow(registry);
  const indexer = new ToolIndexer(pool, registry, silentLogger);
  await pool.apply([{ name: 'everything', source: { file: 'bench', scope: 'user' }, server: { type: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'], env: {} }, inputs: [] }]);
  await pool.start('everything');
  await indexer.idle();
  const enabled = registry.enabledTools();
  const all = enabled.reduce((n, e) => n + registry.toolTokens(e), 0);
  const asks = ['What is the sum of 17 and 25?', 'Compress the README with gzip', ...prompts(1_000).slice(0, 8)];
  const offered = asks.map((p) => selectTools(enabled, p, { maxTools: MAX_TOOLS, index, isPinned: () => false, tokensOf: (e) => registry.toolTokens(e) }).offeredTokens);
  report({
    figure: `schema tokens per agent step, server-everything + 1,000 synthetic tools (${enabled.length} enabled, maxTools ${MAX_TOOLS})`,
    unit: 'tokens',
    ours: summarize(offered),
    baseline: { name: 'all enabled tools', ...summarize([all]) },
    better: 'lower',
  });
  indexer.dispose();
  index.dispose();
  await pool.dispose();
}

async function main(): Promise<void> {
  for (const count of [1_000, 10_000, 100_000]) scale(count);
  await tokensPerStep();
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
