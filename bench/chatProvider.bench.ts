// The VS Code chat-provider path against Switchboard's direct provider call, both streaming from
// the same loopback fixture server (in its own process, so this process's CPU time is the client
// side alone). Switchboard's direct call is how its own features (the Run panel, agent runs) call
// a provider: `Switchboard.llm(id)`, i.e. budget check, response cache and call recording around
// the SDK provider, which the issue requires of the chat path too. The chat path is that same
// call plus what the chat provider adds outside VS Code itself: message mapping, the CallContext
// stamped as `vscode-chat`, and each event mapped to response parts. The target is held to that
// comparison; the bare SDK provider (no cache, budget or recorder) is a third side, so what
// Switchboard's own stack costs is reported too. Every request is new (a cache miss that is then
// stored), the recorder writes to a sink that drops, and every side passes an AbortSignal, as the
// chat provider always does. Rounds alternate which side goes first. The same wrappers over an
// in-memory provider give what they add in absolute CPU. Then provideTokenCount's counter on
// 1/10/100 KB of English and of mixed text: the first count of a text (tokenized; the time to build
// the text, measured alone, taken off) against gpt-tokenizer's countTokens, a repeated one (VS Code
// counts the whole conversation again before each request) against chars/4, and chars/4's error.
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { CachingProvider } from '../src/core/cache/cachingProvider';
import { ResponseCache } from '../src/core/cache/responseCache';
import { toNeutralMessages } from '../src/core/chat/chatMessages';
import { outParts } from '../src/core/chat/responseParts';
import raw from 'gpt-tokenizer/bpeRanks/o200k_base';
import { bpeCounter, o200kRanks } from '../src/core/chat/o200kBpe';
import { o200kCounter } from '../src/core/chat/o200kCount';
import { memoized, tokenCounterFor } from '../src/core/chat/tokenCount';
import { ContextProvider } from '../src/core/llm/callContext';
import { createProviderFactory } from '../src/core/llm/factory';
import type { LlmProvider } from '../src/core/llm/provider';
import { emptyUsage, type ChatRequest, type ChatResponse, type StreamEvent } from '../src/core/llm/types';
import { BudgetedProvider } from '../src/core/usage/budgetedProvider';
import { RecordingProvider } from '../src/core/usage/recordingProvider';
import type { UsageSink } from '../src/core/usage/records';
import { sse } from '../test/fixtures/llmServer';
import { openaiChatChunks } from '../test/fixtures/openaiWire';
import { startRemoteServer } from './fixtureServerProcess';
import { percentile, report, summarize, timePerCallSync, type Sample } from './lib';

const SCALE = Number(process.env['BENCH_SCALE'] ?? 1);
// Rounds of 20 requests swing 0.5–2.5× on their own (a collection or a tier-up lands in one); many rounds settle the median.
const ROUNDS = Math.max(4, Math.round(200 * SCALE));
const BATCH = 20;
const drop: UsageSink = { recordCall() {}, recordToolCall() {}, recordExecution() {} };
const ANSWER = 'The quick brown fox jumps over the lazy dog. '.repeat(10);
let n = 0;

/** The chat path's stack, as Switchboard.llm builds it (the budget lets everything through). */
function chatStack(base: LlmProvider, source = 'vscode-chat'): LlmProvider {
  const stack = new CachingProvider(new BudgetedProvider(new RecordingProvider(base, drop), () => Promise.resolve(undefined)), new ResponseCache({}, { usage: drop }));
  return new ContextProvider(stack, { source, workspace: 'bench' });
}

/** Streams one request; returns ms to the first text. */
async function direct(p: LlmProvider): Promise<number> {
  const start = performance.now();
  let first = -1;
  const request: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `question ${n++}` }] };
  for await (const e of p.stream(request, new AbortController().signal)) if (first < 0 && e.type === 'text-delta') first = performance.now() - start;
  return first;
}

async function viaChat(p: LlmProvider): Promise<number> {
  const start = performance.now();
  let first = -1;
  const mapped = toNeutralMessages([{ role: 1, content: [{ value: `question ${n++}` }], name: undefined }]);
  const request: ChatRequest = { model: 'gpt-4o-mini', ...mapped, metadata: { executionId: String(n) } };
  for await (const e of p.stream(request, new AbortController().signal)) for (const part of outParts(e)) if (first < 0 && part.kind === 'text') first = performance.now() - start;
  return first;
}

/** CPU time per call of `fn` over `batch` sequential calls, in µs; `times` gets each call's result. */
async function cpuPerCall(fn: () => Promise<number>, batch: number, times?: number[]): Promise<number> {
  const c0 = process.cpuUsage();
  for (let i = 0; i < batch; i++) {
    const t = await fn();
    times?.push(t);
  }
  const used = process.cpuUsage(c0);
  return (used.user + used.system) / batch;
}

async function overhead(): Promise<void> {
  const server = await startRemoteServer();
  await server.setDefault(sse(openaiChatChunks({ text: ANSWER, fragmentSize: 16 })));
  const base = createProviderFactory().create({ id: 'bench', kind: 'openai', baseUrl: `${server.url}/v1` }, { keys: { getApiKey: () => Promise.resolve('sk') } });
  const chat = chatStack(base);
  // Switchboard's own calls (Run panel, agent runs) take the same stack without VS Code's message mapping.
  const own = chatStack(base, 'agent');
  const cpu = { ours: [] as number[], bare: [] as number[], own: [] as number[] };
  const first = { ours: [] as number[], bare: [] as number[], own: [] as number[] };
  // Warm every side well past JIT tiering and the SDK's lazily loaded modules.
  for (let i = 0; i < BATCH * 20; i++) {
    await direct(base);
    await viaChat(chat);
    await direct(own);
  }
  for (let r = 0; r < ROUNDS; r++) {
    const sides: Array<['ours' | 'bare' | 'own', () => Promise<number>]> = [['ours', () => viaChat(chat)], ['bare', () => direct(base)], ['own', () => direct(own)]];
    if (r % 2) sides.reverse();
    for (const [name, fn] of sides) cpu[name].push(await cpuPerCall(fn, BATCH, first[name]));
  }
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const ratio = (a: number[], b: number[]) => summarize(a.map((x, i) => x / b[i]!));
  report({ figure: "chat-provider path CPU per request vs Switchboard's direct call (cache, budget, recorder), back-to-back rounds", unit: '×', ours: ratio(cpu.ours, cpu.own), target: '≤ 1.10×' });
  report({ figure: "chat-provider path CPU vs Switchboard's direct call, all rounds (total / total)", unit: '×', ours: summarize([total(cpu.ours) / total(cpu.own)]), target: '≤ 1.10×' });
  report({ figure: 'chat-provider path CPU per request vs the bare SDK provider (no cache, budget or recorder)', unit: '×', ours: ratio(cpu.ours, cpu.bare) });
  report({ figure: "Switchboard's direct call (cache, budget, recorder) CPU per request vs the bare SDK provider", unit: '×', ours: ratio(cpu.own, cpu.bare) });
  const p10 = (xs: number[]) => summarize([percentile(xs, 10)]);
  report({ figure: 'chat-provider path CPU per request, p10 rounds', unit: 'µs', ours: p10(cpu.ours), baseline: { name: "Switchboard's direct call", ...p10(cpu.own) }, better: 'lower' });
  report({ figure: "Switchboard's direct call CPU per request, p10 rounds", unit: 'µs', ours: p10(cpu.own), baseline: { name: 'bare SDK provider', ...p10(cpu.bare) }, better: 'lower' });
  const added = summarize(first.ours).median - summarize(first.own).median;
  const addedToBare = summarize(first.ours).median - summarize(first.bare).median;
  report({ figure: `time to first text part (added over the bare SDK provider: ${addedToBare.toFixed(3)} ms)`, unit: 'ms', ours: summarize(first.ours), baseline: { name: "Switchboard's direct call", ...summarize(first.own) }, better: 'lower', target: `≤ +1 ms (median added ${added.toFixed(3)} ms)` });
  base.dispose?.();
  await server.close();
}

/** An in-memory provider answering like the loopback server (45 text parts), to isolate the wrappers' own CPU. */
function memoryProvider(): LlmProvider {
  const response: ChatResponse = { text: ANSWER, toolCalls: [], finishReason: 'stop', responseModel: 'gpt-4o-mini', usage: { ...emptyUsage(), inputTokens: 10, outputTokens: 100 } };
  return {
    config: { id: 'memory', kind: 'openai' },
    chat: () => Promise.resolve(response),
    async *stream(): AsyncGenerator<StreamEvent> {
      for (let i = 0; i < ANSWER.length; i += 10) yield { type: 'text-delta', text: ANSWER.slice(i, i + 10) };
      yield { type: 'usage', usage: response.usage };
      yield { type: 'done', response };
    },
    listModels: () => Promise.resolve([]),
  };
}

/** The wrappers' CPU per request without any network: what the chat path adds in absolute terms. */
async function wrapperCost(): Promise<void> {
  const base = memoryProvider();
  const chat = chatStack(base);
  for (let i = 0; i < 2000; i++) {
    await direct(base);
    await viaChat(chat);
  }
  const bare: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < 15; r++) {
    bare.push(await cpuPerCall(() => direct(base), 300));
    ours.push(await cpuPerCall(() => viaChat(chat), 300));
  }
  const added = summarize(ours).median - summarize(bare).median;
  report({ figure: `chat-provider wrappers over an in-memory provider, CPU (added ${added.toFixed(1)} µs per request)`, unit: 'µs', ours: summarize(ours), baseline: { name: 'provider.stream alone', ...summarize(bare) }, better: 'lower' });
}

const SAMPLES = {
  english: 'The quick brown fox jumps over the lazy dog while the build runs its tests and reports back.',
  mixed: 'Switchboard routes every call: 東京 café naïve `const x = f(y);` — 🚀 tokens!',
};

/** `kb` KB of lines of `unit`, each numbered from `from`: a text (and chunks) never counted before. */
function textOf(unit: string, kb: number, from: number): string {
  let text = '';
  for (let line = from; text.length < kb * 1024; line++) text += `${line}. ${unit}\n`;
  return text.slice(0, kb * 1024);
}

async function tokenCounts(): Promise<void> {
  // The first load of the counter. gpt-tokenizer's rank module is already evaluated here (imported at the top).
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const load0 = performance.now();
  const count = await tokenCounterFor('gpt-4o');
  const loadMs = performance.now() - load0;
  global.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  report({ figure: `o200k first load, rank module already evaluated: our byte-keyed table (heap +${heapMb.toFixed(1)} MB)`, unit: 'ms', ours: summarize([loadMs]) });
  const ranks = o200kRanks(raw);
  const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
  const asText = { disallowedSpecial: new Set<string>() };
  let from = 0;
  for (const [kind, unit] of Object.entries(SAMPLES)) {
    for (const kb of [1, 10, 100]) {
      const text = textOf(unit, kb, 0);
      const real = encode(text).length;
      assert.equal(count(text), real);
      const batch = kb === 100 ? 5 : kb === 10 ? 50 : 500;
      const repeated = timePerCallSync(() => count(text), { batch, unit: 'µs', rounds: 9 });
      // First counts: texts never counted before (other line numbers);
      // their words were seen before, as in any session after its first minutes.
      const fresh = timePerCallSync(() => count(textOf(unit, kb, (from += 100_000))), { batch, unit: 'µs', rounds: 9 });
      const made = timePerCallSync(() => textOf(unit, kb, (from += 100_000)), { batch, unit: 'µs', rounds: 9 });
      const library = timePerCallSync(() => countTokens(textOf(unit, kb, (from += 100_000)), asText), { batch, unit: 'µs', rounds: 9 });
      const minus = (s: Sample) => ({ median: s.median - made.median, min: s.min - made.median, max: s.max - made.median });
      // Cold: a counter that has seen nothing (empty piece table), on a text of the same shape.
      const cold = timePerCallSync(() => memoized(o200kCounter(bpeCounter(ranks)))(textOf(unit, kb, (from += 100_000))), { batch, unit: 'µs', rounds: 9 });
      const naive = timePerCallSync(() => Math.ceil(text.length / 4), { batch: 10_000, unit: 'µs', rounds: 9 });
      const naiveErr = ((Math.ceil(text.length / 4) - real) / real) * 100;
      const target = kb === 1 ? { target: '≤ 50 µs' } : {};
      report({ figure: `provideTokenCount, ${kb} KB ${kind}, first count (o200k, exact) vs gpt-tokenizer countTokens`, unit: 'µs', ours: minus(fresh), baseline: { name: 'countTokens', ...minus(library) }, better: 'lower', ...target });
      report({ figure: `provideTokenCount, ${kb} KB ${kind}, first count with nothing seen before (cold piece table)`, unit: 'µs', ours: minus(cold), baseline: { name: 'countTokens', ...minus(library) }, better: 'lower' });
      report({ figure: `provideTokenCount, ${kb} KB ${kind}, counted again (remembered) vs chars/4 (error ${naiveErr.toFixed(1)} %)`, unit: 'µs', ours: repeated, baseline: { name: 'chars/4', ...naive }, better: 'lower', ...target });
    }
  }
}

void (async () => {
  await tokenCounts();
  await wrapperCost();
  await overhead();
})();
