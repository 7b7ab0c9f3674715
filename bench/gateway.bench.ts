// The gateway's cost: the official openai client → gateway → loopback upstream, against the
// same client → upstream directly, 50 streaming requests at a time (added p50/p99 per request);
// requests/s through the gateway at saturation; and a 20,000-request soak (resident memory,
// sockets and listeners before and after). The upstream runs in its own process; the client and
// the gateway share this one (2 cores), so the added figures include the gateway's CPU.
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import { ClientKeyStore } from '../src/core/gateway/clientKeys';
import { startGateway } from '../src/core/gateway/startGateway';
import type { GatewayProviders } from '../src/core/gateway/providers';
import { ResponseCache } from '../src/core/cache/responseCache';
import { CachingProvider } from '../src/core/cache/cachingProvider';
import { createOpenAiProvider } from '../src/core/llm/openaiProvider';
import { silentLogger } from '../src/core/log';
import { RecordingProvider } from '../src/core/usage/recordingProvider';
import type { UsageSink } from '../src/core/usage/records';
import { sse } from '../test/fixtures/llmServer';
import { openaiChatChunks } from '../test/fixtures/openaiWire';
import { startRemoteServer } from './fixtureServerProcess';
import { percentile, report, summarize } from './lib';

const CONCURRENCY = 50;
const nullSink: UsageSink = { recordCall: () => undefined, recordToolCall: () => undefined, recordExecution: () => undefined };
let seq = 0;

async function streamOnce(client: OpenAI, model: string): Promise<number> {
  const start = performance.now();
  // A new prompt each time: every request is a cache miss that goes upstream.
  const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: `q${seq++}` }], stream: true, stream_options: { include_usage: true } });
  for await (const _chunk of stream) void _chunk;
  return performance.now() - start;
}

/** Runs `total` requests, `CONCURRENCY` at a time; returns per-request ms and failures. */
async function wave(client: OpenAI, model: string, total: number): Promise<{ times: number[]; failures: number; seconds: number }> {
  const times: number[] = [];
  let failures = 0;
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      try {
        times.push(await streamOnce(client, model));
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { times, failures, seconds: (performance.now() - start) / 1000 };
}

const handles = (): number => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
const rssMb = (): number => process.memoryUsage().rss / 1_048_576;

async function main(): Promise<void> {
  const upstream = await startRemoteServer();
  await upstream.setDefault(sse(openaiChatChunks({ text: 'a streamed answer of a few words', usage: { prompt_tokens: 10, completion_tokens: 8, total_tokens: 18 } })));
  const provider = createOpenAiProvider({ id: 'up', kind: 'openai', baseUrl: `${upstream.url}/v1`, maxRetries: 0 }, { keys: { getApiKey: async () => 'k' } });
  const cache = new ResponseCache({ maxEntries: 100 }, {});
  const port: GatewayProviders = { providers: () => [provider.config], llm: () => new CachingProvider(new RecordingProvider(provider, nullSink), cache) };
  const keys = new ClientKeyStore({ read: async () => undefined, write: async () => undefined });
  const { key } = await keys.create('bench');
  const gateway = await startGateway({ port: 0, keys, providers: port, log: silentLogger, limits: { maxConcurrentPerClient: 1000, requestsPerMinutePerClient: 10_000_000 } });
  const viaGateway = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
  const direct = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'k', maxRetries: 0 });

  await wave(direct, 'gpt-test', 200);
  await wave(viaGateway, 'up/gpt-test', 200);
  const added50: number[] = [];
  const added99: number[] = [];
  let failures = 0;
  for (let round = 0; round < 7; round++) {
    const d = await wave(direct, 'gpt-test', 500);
    const g = await wave(viaGateway, 'up/gpt-test', 500);
    failures += d.failures + g.failures;
    added50.push(percentile(g.times, 50) - percentile(d.times, 50));
    added99.push(percentile(g.times, 99) - percentile(d.times, 99));
  }
  report({ figure: 'gateway: added p50 per streaming request, 50 concurrent', unit: 'ms', ours: summarize(added50), better: 'lower', target: '≤ 0.5 ms' });
  report({ figure: 'gateway: added p99 per streaming request, 50 concurrent', unit: 'ms', ours: summarize(added99), better: 'lower', target: '≤ 2 ms' });
  report({ figure: 'gateway: failed requests (7 × 1,000)', unit: 'requests', ours: summarize([failures]), better: 'lower', target: '0' });

  const rates: number[] = [];
  const directRates: number[] = [];
  for (let round = 0; round < 3; round++) {
    const g = await wave(viaGateway, 'up/gpt-test', 2000);
    const d = await wave(direct, 'gpt-test', 2000);
    rates.push(g.times.length / g.seconds);
    directRates.push(d.times.length / d.seconds);
  }
  report({ figure: 'gateway: streaming requests/s at saturation', unit: 'req/s', ours: summarize(rates), baseline: { name: 'direct to upstream', ...summarize(directRates) }, better: 'higher' });

  global.gc?.();
  const before = { rss: rssMb(), handles: handles(), listeners: process.listenerCount('warning') };
  const soak = await wave(viaGateway, 'up/gpt-test', 20_000);
  await new Promise((r) => setTimeout(r, 6000)); // keep-alive sockets time out
  global.gc?.();
  const after = { rss: rssMb(), handles: handles(), listeners: process.listenerCount('warning') };
  report({ figure: 'gateway soak 20,000: resident MB (start → end)', unit: 'MB', ours: summarize([after.rss]), baseline: { name: 'start', ...summarize([before.rss]) }, better: 'lower' });
  report({ figure: 'gateway soak 20,000: failures', unit: 'requests', ours: summarize([soak.failures]), target: '0' });
  report({ figure: 'gateway soak 20,000: open handles (start → end)', unit: 'handles', ours: summarize([after.handles]), baseline: { name: 'start', ...summarize([before.handles]) }, better: 'lower' });
  report({ figure: 'gateway soak: gateway connections after idle', unit: 'sockets', ours: summarize([await new Promise<number>((r) => gatewayConnections(gateway, r))]), target: '0 after keep-alive timeout' });
  await gateway.stop();
  provider.dispose?.();
  await upstream.close();
}

function gatewayConnections(gateway: Awaited<ReturnType<typeof startGateway>>, done: (n: number) => void): void {
  gateway.connections().then(done, () => done(-1));
}

void main();
