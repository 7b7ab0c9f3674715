// The VS Code chat-provider path against Switchboard's direct provider call, both streaming from
// the same loopback fixture server (in its own process, so this process's CPU time is the client
// side alone). The chat path is everything the provider does per request outside VS Code itself:
// message mapping, tools, budget check (`warn`: no ledger read), response cache lookup and store
// (every request is new, so a miss), call recording (to a sink that drops), and mapping each event
// to response parts. Rounds alternate which side goes first. Then provideTokenCount's counter on
// 1/10/100 KB of mixed text against a chars/4 estimate: speed, and the error of each.
import { performance } from 'node:perf_hooks';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { ResponseCache } from '../src/core/cache/responseCache';
import { CachingProvider } from '../src/core/cache/cachingProvider';
import { toNeutralMessages } from '../src/core/chat/chatMessages';
import { outParts } from '../src/core/chat/responseParts';
import { createProviderFactory } from '../src/core/llm/factory';
import type { LlmProvider } from '../src/core/llm/provider';
import { tokenCounterFor } from '../src/core/chat/tokenCount';
import type { ChatRequest } from '../src/core/llm/types';
import { BudgetedProvider } from '../src/core/usage/budgetedProvider';
import { RecordingProvider } from '../src/core/usage/recordingProvider';
import type { UsageSink } from '../src/core/usage/records';
import { sse } from '../test/fixtures/llmServer';
import { openaiChatChunks } from '../test/fixtures/openaiWire';
import { startRemoteServer } from './fixtureServerProcess';
import { percentile, report, summarize, timePerCallSync } from './lib';

const ROUNDS = Math.max(4, Math.round(60 * Number(process.env['BENCH_SCALE'] ?? 1)));
const BATCH = 10;
const drop: UsageSink = { recordCall() {}, recordToolCall() {}, recordExecution() {} };
let n = 0;

/** Streams one request; returns ms to the first text. */
async function direct(p: LlmProvider): Promise<number> {
  const start = performance.now();
  let first = -1;
  const request: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `question ${n++}` }] };
  for await (const e of p.stream(request)) if (first < 0 && e.type === 'text-delta') first = performance.now() - start;
  return first;
}

async function viaChat(p: LlmProvider): Promise<number> {
  const start = performance.now();
  let first = -1;
  const mapped = toNeutralMessages([{ role: 1, content: [{ value: `question ${n++}` }], name: undefined }]);
  const request: ChatRequest = { model: 'gpt-4o-mini', ...mapped, metadata: { executionId: String(n), tags: { source: 'vscode-chat' } } };
  for await (const e of p.stream(request)) for (const part of outParts(e)) if (first < 0 && part.kind === 'text') first = performance.now() - start;
  return first;
}

async function overhead(): Promise<void> {
  const server = await startRemoteServer();
  await server.setDefault(sse(openaiChatChunks({ text: 'The quick brown fox jumps over the lazy dog. '.repeat(10), fragmentSize: 16 })));
  const base = createProviderFactory().create({ id: 'bench', kind: 'openai', baseUrl: `${server.url}/v1` }, { keys: { getApiKey: () => Promise.resolve('sk') } });
  const cache = new ResponseCache({}, { usage: drop });
  const chat = new CachingProvider(new BudgetedProvider(new RecordingProvider(base, drop), () => Promise.resolve(undefined)), cache);
  const cpu = { ours: [] as number[], bare: [] as number[] };
  const first = { ours: [] as number[], bare: [] as number[] };
  for (let i = 0; i < BATCH * 3; i++) {
    await direct(base);
    await viaChat(chat);
  }
  for (let r = 0; r < ROUNDS; r++) {
    const sides: Array<['ours' | 'bare', () => Promise<number>]> = [['ours', () => viaChat(chat)], ['bare', () => direct(base)]];
    if (r % 2) sides.reverse();
    for (const [name, fn] of sides) {
      const c0 = process.cpuUsage();
      for (let i = 0; i < BATCH; i++) first[name].push(await fn());
      const used = process.cpuUsage(c0);
      cpu[name].push((used.user + used.system) / BATCH);
    }
  }
  const ratios = cpu.ours.map((o, i) => o / cpu.bare[i]!);
  report({ figure: 'chat-provider path CPU per request (ours/direct, back-to-back rounds)', unit: '×', ours: summarize(ratios), target: '≤ 1.10×' });
  report({ figure: 'chat-provider path CPU per request, p10 rounds', unit: 'µs', ours: summarize([percentile(cpu.ours, 10)]), baseline: { name: 'direct provider.stream', ...summarize([percentile(cpu.bare, 10)]) }, better: 'lower' });
  const added = summarize(first.ours).median - summarize(first.bare).median;
  report({ figure: 'time to first text part', unit: 'ms', ours: summarize(first.ours), baseline: { name: 'direct provider.stream', ...summarize(first.bare) }, better: 'lower', target: `≤ +1 ms (median added ${added.toFixed(3)} ms)` });
  base.dispose?.();
  await server.close();
}

async function tokenCounts(): Promise<void> {
  const count = await tokenCounterFor('gpt-4o');
  const unit = 'Switchboard routes every call: 東京 café naïve `const x = f(y);` — 🚀 tokens!\n';
  for (const kb of [1, 10, 100]) {
    const text = unit.repeat(Math.ceil((kb * 1024) / unit.length)).slice(0, kb * 1024);
    const real = encode(text).length;
    const batch = kb === 100 ? 5 : kb === 10 ? 50 : 500;
    const ours = timePerCallSync(() => count(text), { batch, unit: 'µs', rounds: 9 });
    const naive = timePerCallSync(() => Math.ceil(text.length / 4), { batch: 10_000, unit: 'µs', rounds: 9 });
    const naiveErr = ((Math.ceil(text.length / 4) - real) / real) * 100;
    report({ figure: `provideTokenCount, ${kb} KB (o200k, exact) vs chars/4 (error ${naiveErr.toFixed(1)} %)`, unit: 'µs', ours, baseline: { name: 'chars/4', ...naive }, better: 'lower', ...(kb === 1 ? { target: '≤ 50 µs' } : {}) });
  }
}

void (async () => {
  await tokenCounts();
  await overhead();
})();
