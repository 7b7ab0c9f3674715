// The gateway's cost, with each party in its own process as in real use: this process is the
// load generator (the official openai client), the gateway runs in a child (bench/gatewayProcess.ts)
// and the upstream in another (bench/gatewayUpstream.ts), shared by the direct and the gateway path.
// Two upstream shapes: unpaced (8 text chunks in one write) and paced (20 chunks 5 ms apart, as a
// real provider streams tokens over time). Figures:
// - added p50/p99 per streaming request (client → gateway → upstream vs client → upstream), at 50
//   concurrent and at 1 (the path's own cost), rounds alternating the order, each beside what a
//   pass-through proxy that does nothing adds in the same rounds (bench/passThroughProxy.ts): the
//   floor that one more process and hop set on this machine, whatever the gateway does;
// - the gateway process's CPU per request (its own process.cpuUsage): the node:http transport
//   against Node's fetch (undici), and Switchboard.llm's stack against the bare provider;
// - requests/s at saturation, direct vs via the gateway; failures; the load average;
// - a 20,000-request soak: the gateway's resident memory, handles and sockets before and after.
// The machine is shared, so each figure is the median of several rounds and ratios pair rounds
// run back to back.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import { startRemoteGateway } from './gatewayProcess';
import type { GatewayStack, RemoteGateway } from './gatewayProcess';
import { startBenchUpstream } from './gatewayUpstream';
import { startPassThroughProxy } from './passThroughProxy';
import type { Pace } from './gatewayUpstream';
import { percentile, report, summarize } from './lib';

const SCALE = Number(process.env['BENCH_SCALE'] ?? 1);
const ROUNDS = Math.max(3, Math.round(7 * SCALE));
const SOAK = Math.round(20_000 * Math.min(1, SCALE));
const SATURATION = Math.round(2000 * Math.min(1, SCALE));
const UNPACED: Pace = { chunks: 8, gapMs: 0 };
const PACED: Pace = { chunks: 20, gapMs: 5 };
const paceName = (p: Pace) => (p.gapMs ? `paced ${p.chunks} chunks ${p.gapMs} ms apart` : `unpaced ${p.chunks} chunks`);
let seq = 0;

async function streamOnce(client: OpenAI, model: string): Promise<number> {
  const start = performance.now();
  // A new prompt each time: every request is a cache miss that goes upstream.
  const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: `q${seq++}` }], stream: true, stream_options: { include_usage: true } });
  for await (const _chunk of stream) void _chunk;
  return performance.now() - start;
}

interface Wave {
  times: number[];
  failures: number;
  seconds: number;
  /** This process's CPU per request: the client's own cost. */
  clientCpuUs: number;
}

/** Runs `total` requests, `concurrency` at a time; per-request ms, failures and wall time. */
async function wave(client: OpenAI, model: string, total: number, concurrency: number): Promise<Wave> {
  const times: number[] = [];
  let failures = 0;
  let next = 0;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
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
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpu0);
  return { times, failures, seconds: (performance.now() - start) / 1000, clientCpuUs: (cpu.user + cpu.system) / total };
}

interface Via {
  gw: RemoteGateway;
  client: OpenAI;
}

async function via(upstreamUrl: string, stack: GatewayStack): Promise<Via> {
  const gw = await startRemoteGateway(upstreamUrl, stack);
  return { gw, client: new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.key, maxRetries: 0 }) };
}

/** A wave through a gateway, with the gateway process's CPU µs per request. */
async function gatewayWave({ gw, client }: Via, total: number, concurrency: number): Promise<Wave & { cpuUs: number }> {
  const before = await gw.probe();
  const w = await wave(client, 'up/gpt-test', total, concurrency);
  const after = await gw.probe();
  return { ...w, cpuUs: (after.cpuUs - before.cpuUs) / total };
}

/** The clients of one latency comparison: direct to the upstream, through the floor proxy, through the gateway. */
interface Paths {
  direct: OpenAI;
  proxy: OpenAI;
  gw: Via;
}

async function addedLatency({ direct, proxy, gw }: Paths, concurrency: number, total: number, shape: string): Promise<number> {
  const added50: number[] = [];
  const added99: number[] = [];
  const floor50: number[] = [];
  const floor99: number[] = [];
  const direct50: number[] = [];
  const cpu: number[] = [];
  const clientCpu: number[] = [];
  let failures = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Odd rounds run the three in the reverse order, so none always follows the same neighbour.
    const order: Array<() => Promise<Wave>> = [() => wave(direct, 'gpt-test', total, concurrency), () => wave(proxy, 'gpt-test', total, concurrency), () => gatewayWave(gw, total, concurrency)];
    const waves: Wave[] = [];
    for (const run of round % 2 ? order.reverse() : order) waves.push(await run());
    const [d, p, g] = (round % 2 ? waves.reverse() : waves) as [Wave, Wave, Wave & { cpuUs: number }];
    failures += d.failures + p.failures + g.failures;
    added50.push(percentile(g.times, 50) - percentile(d.times, 50));
    added99.push(percentile(g.times, 99) - percentile(d.times, 99));
    floor50.push(percentile(p.times, 50) - percentile(d.times, 50));
    floor99.push(percentile(p.times, 99) - percentile(d.times, 99));
    direct50.push(percentile(d.times, 50));
    cpu.push(g.cpuUs);
    clientCpu.push(d.clientCpuUs);
  }
  const at = `${concurrency} concurrent, ${shape}`;
  const floor = (s: number[]) => ({ name: 'a pass-through proxy that does nothing (this machine\'s floor)', ...summarize(s) });
  report({ figure: `gateway: added p50 per streaming request, ${at} (direct p50 ${summarize(direct50).median.toFixed(2)} ms)`, unit: 'ms', ours: summarize(added50), baseline: floor(floor50), better: 'lower', target: concurrency > 1 ? '≤ 0.5 ms' : '' });
  report({ figure: `gateway: added p99 per streaming request, ${at}`, unit: 'ms', ours: summarize(added99), baseline: floor(floor99), better: 'lower', target: concurrency > 1 ? '≤ 2 ms' : '' });
  // Beside the client's own CPU for a direct request: what the extra hop costs in CPU, in client requests.
  report({ figure: `gateway: gateway-process CPU per request, ${at}`, unit: 'µs', ours: summarize(cpu), baseline: { name: "client's own CPU per direct request", ...summarize(clientCpu) }, better: 'lower' });
  return failures;
}

/** Gateway CPU per request of two gateways, paired rounds alternating which goes first. */
async function pairedCpu(a: Via, b: Via, figure: string, baselineName: string): Promise<void> {
  const ours: number[] = [];
  const base: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const pair = round % 2 ? ([[b, base], [a, ours]] as const) : ([[a, ours], [b, base]] as const);
    for (const [g, into] of pair) into.push((await gatewayWave(g, 500, 50)).cpuUs);
    ratios.push(ours[round]! / base[round]!);
  }
  report({ figure, unit: 'µs', ours: summarize(ours), baseline: { name: baselineName, ...summarize(base) }, better: 'lower' });
  report({ figure: `${figure} (ratio, paired rounds)`, unit: '×', ours: summarize(ratios), better: 'lower' });
}

const load = () => loadavg()[0]!;

async function main(): Promise<void> {
  const upstream = await startBenchUpstream();
  const gw = await via(upstream.url, 'switchboard');
  const raw = await via(upstream.url, 'raw');
  const undici = await via(upstream.url, 'undici');
  const direct = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'k', maxRetries: 0 });
  const floorProxy = await startPassThroughProxy(upstream.url);
  const paths: Paths = { direct, proxy: new OpenAI({ baseURL: `${floorProxy.url}/v1`, apiKey: 'k', maxRetries: 0 }), gw };
  const loads = [load()];

  await upstream.pace(UNPACED);
  await wave(direct, 'gpt-test', 400, 50);
  await wave(paths.proxy, 'gpt-test', 400, 50);
  for (const g of [gw, raw, undici]) await gatewayWave(g, 400, 50);
  let failures = 0;
  for (const pace of [UNPACED, PACED]) {
    await upstream.pace(pace);
    failures += await addedLatency(paths, 50, pace.gapMs ? 250 : 500, paceName(pace));
    failures += await addedLatency(paths, 1, pace.gapMs ? 20 : 150, paceName(pace));
    loads.push(load());
  }
  report({ figure: `gateway: failed requests (latency rounds)`, unit: 'requests', ours: summarize([failures]), better: 'lower', target: '0' });

  await upstream.pace(UNPACED);
  await pairedCpu(gw, undici, 'gateway CPU per request, node:http transport vs Node fetch (undici), 50 concurrent', 'undici');
  await pairedCpu(gw, raw, 'gateway CPU per request, Switchboard.llm stack (cache, budget, recorder) vs bare provider', 'bare provider');
  loads.push(load());

  const rates: number[] = [];
  const directRates: number[] = [];
  let satFailures = 0;
  for (let round = 0; round < 3; round++) {
    const g = await wave(gw.client, 'up/gpt-test', SATURATION, 50);
    const d = await wave(direct, 'gpt-test', SATURATION, 50);
    satFailures += g.failures + d.failures;
    rates.push(g.times.length / g.seconds);
    directRates.push(d.times.length / d.seconds);
  }
  report({ figure: 'gateway: streaming requests/s at saturation (50 concurrent, unpaced)', unit: 'req/s', ours: summarize(rates), baseline: { name: 'direct to upstream', ...summarize(directRates) }, better: 'higher' });
  report({ figure: `gateway: failed requests (saturation, 3 × 2 × ${SATURATION.toLocaleString('en-US')})`, unit: 'requests', ours: summarize([satFailures]), better: 'lower', target: '0' });
  await Promise.all([raw.gw.close(), undici.gw.close(), floorProxy.close()]);

  const idle = () => new Promise((r) => setTimeout(r, 6000)); // keep-alive sockets time out
  await idle();
  const before = await gw.gw.probe(true);
  // In quarters, RSS read under load after each: growth from the first quarter to the last is a
  // leak; the idle start and end also show the allocator handing pages back (or not).
  const quarters: number[] = [];
  const soak: Wave = { times: [], failures: 0, seconds: 0, clientCpuUs: 0 };
  for (let q = 0; q < 4; q++) {
    const w = await wave(gw.client, 'up/gpt-test', SOAK / 4, 50);
    soak.failures += w.failures;
    soak.seconds += w.seconds;
    quarters.push((await gw.gw.probe()).rssMb);
  }
  await idle();
  const after = await gw.gw.probe(true);
  loads.push(load());
  const n = `${SOAK.toLocaleString('en-US')} (unpaced, 50 concurrent, ${soak.seconds.toFixed(0)} s)`;
  report({ figure: `gateway soak ${n}: gateway resident MB (start → end)`, unit: 'MB', ours: summarize([after.rssMb]), baseline: { name: 'start', ...summarize([before.rssMb]) }, better: 'lower' });
  report({ figure: `gateway soak ${n}: gateway resident MB under load, after the last quarter (after the first)`, unit: 'MB', ours: summarize([quarters[3]!]), baseline: { name: `first quarter; quarters ${quarters.map((m) => m.toFixed(0)).join(', ')}`, ...summarize([quarters[0]!]) }, better: 'lower' });
  report({ figure: `gateway soak ${n}: gateway heap used MB after GC (start → end)`, unit: 'MB', ours: summarize([after.heapUsedMb]), baseline: { name: 'start', ...summarize([before.heapUsedMb]) }, better: 'lower' });
  report({ figure: `gateway soak ${n}: failures`, unit: 'requests', ours: summarize([soak.failures]), target: '0' });
  report({ figure: `gateway soak ${n}: gateway handles (start → end)`, unit: 'handles', ours: summarize([after.handles]), baseline: { name: 'start', ...summarize([before.handles]) }, better: 'lower' });
  report({ figure: `gateway soak ${n}: gateway listeners (start → end)`, unit: 'listeners', ours: summarize([after.listeners]), baseline: { name: 'start', ...summarize([before.listeners]) }, better: 'lower' });
  report({ figure: `gateway soak ${n}: gateway client sockets after idle`, unit: 'sockets', ours: summarize([after.connections]), baseline: { name: 'start', ...summarize([before.connections]) }, better: 'lower', target: '0 after keep-alive timeout' });
  report({ figure: 'gateway bench: 1-minute load average over the run (2 cores, shared)', unit: '', ours: summarize(loads) });
  await gw.gw.close();
  await upstream.close();
}

void main();
