// Runs the gateway in its own process for benches, as in the product (the extension host is not
// the client's process): the load generator, the gateway and the upstream each have their own
// CPU, and this process's `process.cpuUsage()` is the gateway's alone. Protocol over fork IPC:
//   child -> parent: { url, key }                        once listening
//   parent -> child: { probe: true, gc? }                child answers a GatewayProbe (after a full GC if asked)
//   parent -> child: { close: true }                     stops and exits
// `stack` decides what the gateway's provider port hands out: `switchboard` is Switchboard.llm's
// stack (response cache → budget → recorder → provider, a ContextProvider per call); `raw` is
// the bare provider, so the difference is that stack's cost inside the gateway; `undici` is the
// `switchboard` stack with the provider on Node's global fetch (the transport before nodeFetch.ts).
// BENCH_GATEWAY_PROF=<dir> runs the child under `--cpu-prof` (profile written there on close).
import { CachingProvider } from '../src/core/cache/cachingProvider';
import { ResponseCache } from '../src/core/cache/responseCache';
import { ClientKeyStore } from '../src/core/gateway/clientKeys';
import type { GatewayProviders } from '../src/core/gateway/providers';
import { startGateway } from '../src/core/gateway/startGateway';
import { ContextProvider } from '../src/core/llm/callContext';
import { createOpenAiProvider } from '../src/core/llm/openaiProvider';
import type { LlmProvider } from '../src/core/llm/provider';
import { silentLogger } from '../src/core/log';
import { BudgetedProvider } from '../src/core/usage/budgetedProvider';
import { RecordingProvider } from '../src/core/usage/recordingProvider';
import type { UsageSink } from '../src/core/usage/records';
import { forkBenchChild } from './gatewayUpstream';

export type GatewayStack = 'switchboard' | 'raw' | 'undici';

/** What the gateway process says about itself: CPU so far (µs), memory and open things. */
export interface GatewayProbe {
  cpuUs: number;
  rssMb: number;
  heapUsedMb: number;
  handles: number;
  connections: number;
  listeners: number;
}

export interface RemoteGateway {
  url: string;
  key: string;
  /** `gc` runs a full collection first (for memory figures); never inside a CPU window. */
  probe(gc?: boolean): Promise<GatewayProbe>;
  close(): Promise<void>;
}

type Message = { probe: true; gc: boolean } | { close: true };

export async function startRemoteGateway(upstreamUrl: string, stack: GatewayStack): Promise<RemoteGateway> {
  const prof = process.env['BENCH_GATEWAY_PROF'];
  const child = await forkBenchChild(__filename, ['--serve', upstreamUrl, stack], ['--expose-gc', ...(prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : [])]);
  return {
    url: child.ready['url'] as string,
    key: child.ready['key'] as string,
    probe: async (gc = false) => (await child.ask({ probe: true, gc })) as unknown as GatewayProbe,
    close: () => child.close(),
  };
}

const drop: UsageSink = { recordCall: () => undefined, recordToolCall: () => undefined, recordExecution: () => undefined };

async function serve(upstreamUrl: string, stack: GatewayStack): Promise<void> {
  const undici = (input: string | URL | Request, init?: RequestInit) => fetch(input, init);
  const provider = createOpenAiProvider({ id: 'up', kind: 'openai', baseUrl: `${upstreamUrl}/v1`, maxRetries: 0 }, { keys: { getApiKey: async () => 'k' }, ...(stack === 'undici' ? { fetch: undici } : {}) });
  const cache = new ResponseCache({ maxEntries: 100 }, { usage: drop });
  // As Switchboard.llm builds it: the wrapped provider once, a ContextProvider per call.
  const wrapped: LlmProvider = new CachingProvider(new BudgetedProvider(new RecordingProvider(provider, drop), async () => undefined), cache);
  const port: GatewayProviders = {
    providers: () => [provider.config],
    llm: (_id, context) => (stack === 'raw' ? provider : new ContextProvider(wrapped, context)),
  };
  const keys = new ClientKeyStore({ read: async () => undefined, write: async () => undefined });
  const { key } = await keys.create('bench');
  const gateway = await startGateway({ port: 0, keys, providers: port, log: silentLogger, limits: { maxConcurrentPerClient: 1000, requestsPerMinutePerClient: 10_000_000 } });
  const handles = (): number => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
  process.on('message', (m: Message) => {
    if ('close' in m) {
      // process.exit still writes a --cpu-prof profile.
      void gateway.stop().then(() => process.exit(0));
      return;
    }
    if (m.gc) global.gc?.();
    const cpu = process.cpuUsage();
    void gateway.connections().then((connections) =>
      process.send?.({
        cpuUs: cpu.user + cpu.system,
        rssMb: process.memoryUsage().rss / 1_048_576,
        heapUsedMb: process.memoryUsage().heapUsed / 1_048_576,
        handles: handles(),
        connections,
        listeners: process.listenerCount('warning') + process.listenerCount('uncaughtException'),
      } satisfies GatewayProbe),
    );
  });
  // An orphan (the bench died) must not keep serving.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ url: gateway.url, key });
}

if (process.argv.includes('--serve')) {
  const at = process.argv.indexOf('--serve');
  void serve(process.argv[at + 1]!, process.argv[at + 2] as GatewayStack);
}
