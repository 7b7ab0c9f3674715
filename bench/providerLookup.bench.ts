// Provider lookup, beside a linear registry in the same run, with 3, 30 and 300 entries:
// - `ProviderPool.get(id)` (the real pool, real OpenAI providers) vs `.find` over an array;
// - `ProviderFactory.create(config)` by kind vs an array scan of [kind, constructor] pairs.
// `create` runs the kind's constructor, and the real ones build an SDK client (tens of µs), so
// the kinds registered here construct a plain object: the figure is the lookup of the factory
// function by kind plus one trivial call. Building a real OpenAI provider is reported on its own.
// Ids and kinds are parsed from JSON (as a setting or a message delivers them), shuffled, each
// used once per pass, so no lookup sees a hot constant string.
import { ProviderFactory, ProviderPool, createProviderFactory } from '../src/core/llm/factory';
import type { LlmProvider, ProviderConfig, ProviderConstructor, ProviderDeps } from '../src/core/llm/provider';
import { report, timePerCall, timePerCallSync } from './lib';

const COUNTS = [3, 30, 300];
const deps: ProviderDeps = { keys: { getApiKey: () => Promise.resolve('sk-bench') } };

/** Fresh strings in shuffled order, cycled by `next()`. */
function freshCycle(values: string[]): () => string {
  const parsed = JSON.parse(JSON.stringify([...values].sort(() => Math.random() - 0.5))) as string[];
  let i = 0;
  return () => parsed[i++ % parsed.length]!;
}

const stub: ProviderConstructor = (config) => ({ config }) as unknown as LlmProvider;

function poolLookup(count: number): void {
  const configs: ProviderConfig[] = Array.from({ length: count }, (_, i) => ({ id: `provider-${i}`, kind: 'openai', baseUrl: `http://127.0.0.1:9/${i}/v1` }));
  const pool = new ProviderPool(createProviderFactory(), deps);
  const changes = pool.configure(configs);
  if (changes.created.length !== count) throw new Error(`pool built ${changes.created.length} of ${count}: ${JSON.stringify(changes.errors)}`);
  const list = configs.map((c) => ({ id: c.id, provider: pool.get(c.id)! }));
  const next = freshCycle(configs.map((c) => c.id));
  const ours = timePerCallSync(() => pool.get(next()), { batch: 10_000, unit: 'ns' });
  const scan = timePerCallSync(() => { const id = next(); return list.find((e) => e.id === id)?.provider; }, { batch: 10_000, unit: 'ns' });
  report({ figure: `ProviderPool.get by id, ${count} providers`, unit: 'ns', ours, baseline: { name: 'array .find by id', ...scan }, better: 'lower', ...(count === 300 ? { target: '≤ 1 µs' } : {}) });
  pool.dispose();
}

function factoryLookup(count: number): void {
  const kinds = Array.from({ length: count }, (_, i) => `kind-${i}`);
  const factory = new ProviderFactory();
  const pairs: Array<[string, ProviderConstructor]> = [];
  for (const kind of kinds) {
    factory.register(kind, stub);
    pairs.push([kind, stub]);
  }
  const nextKind = freshCycle(kinds);
  const config = (kind: string): ProviderConfig => ({ id: 'p', kind });
  const ours = timePerCallSync(() => factory.create(config(nextKind()), deps), { batch: 10_000, unit: 'ns' });
  const scan = timePerCallSync(() => {
    const c = config(nextKind());
    const construct = pairs.find(([kind]) => kind === c.kind)?.[1];
    if (!construct) throw new Error(`unknown kind ${c.kind}`);
    return construct(c, deps);
  }, { batch: 10_000, unit: 'ns' });
  report({ figure: `ProviderFactory.create by kind, ${count} kinds (lookup + trivial constructor)`, unit: 'ns', ours, baseline: { name: 'array scan by kind', ...scan }, better: 'lower', ...(count === 300 ? { target: '≤ 1 µs' } : {}) });
}

/** What the lookup sits beside when a pool (re)builds a provider: a real SDK client. */
async function construction(): Promise<void> {
  const factory = createProviderFactory();
  let i = 0;
  const build = (): void => factory.create({ id: `p${i}`, kind: 'openai', baseUrl: `http://127.0.0.1:9/${i++}/v1` }, deps).dispose?.();
  const sample = await timePerCall(build, { rounds: 15, batch: 200, unit: 'µs' });
  report({ figure: 'ProviderFactory.create, real openai kind (builds the SDK client)', unit: 'µs', ours: sample, better: 'lower', target: 'info: once per config change' });
}

async function main(): Promise<void> {
  for (const count of COUNTS) poolLookup(count);
  for (const count of COUNTS) factoryLookup(count);
  await construction();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
