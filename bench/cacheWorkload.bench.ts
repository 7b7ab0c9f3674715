// Response-cache hit rate and dollars saved on a stated, generated IDE workload, replayed through
// the real ResponseCache (one per window, as in the product) with a scripted upstream provider.
// Prices come from the real Pricing (bundled genai-prices data) for real model names.
//
// The workload (seed 17; docs/benchmarks.md describes the same):
// - agent: 40 tasks on claude-sonnet-4-5 (anthropic), 4–12 steps each, run once, then re-run
//   after an edit elsewhere: steps before a uniformly drawn step j are identical, and from j on
//   the tool result (the edited file) differs, so every later step differs. Each run has its
//   own execution id (metadata). System prompt ~6 KB, 20 tools, tool results ~2 KB.
// - chat: 60 questions on gpt-4.1 (openai); 25 % are followed by 1–2 "regenerate" clicks,
//   which send the same request with metadata.cachePolicy = 'bypass' (go upstream by design).
// - two windows: 20 prompts on gpt-4.1 sent from window A and again from window B.
// - unique: one-off requests on gpt-4o-mini, 30 % of all requests.
// Requests are shuffled (seeded) within the constraint that each run, retry or second window
// comes after its original.
import { createHash } from 'node:crypto';
import type { LlmProvider } from '../src/core/llm/provider';
import type { ChatRequest, ChatResponse, Message, ToolDefinition, Usage } from '../src/core/llm/types';
import { ResponseCache } from '../src/core/cache/responseCache';
import { Pricing } from '../src/core/usage/pricing';
import { report } from './lib';

type Upstream = Pick<LlmProvider, 'config' | 'chat' | 'stream'>;
type Kind = 'agent' | 'chat' | 'regenerate' | 'window-b' | 'unique';
interface Send {
  kind: Kind;
  window: 'A' | 'B';
  upstream: Upstream;
  request: ChatRequest;
  /** Sends that must come first (the original run or message). */
  after?: Send;
}

const SEED = 17;
const pricing = new Pricing();

/** mulberry32: a small seeded PRNG, so the workload is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(SEED);
const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const text = (label: string, chars: number) => `${label} `.padEnd(chars, 'lorem ipsum dolor sit amet ');

/** A scripted provider: a deterministic answer per request, usage from its size, spend tallied. */
function scripted(id: string, kind: string, outputTokens: number): Upstream & { calls: number; spentUsd: number } {
  const upstream = {
    config: { id, kind },
    calls: 0,
    spentUsd: 0,
    chat(request: ChatRequest): Promise<ChatResponse> {
      upstream.calls++;
      const usage: Usage = { inputTokens: Math.ceil(JSON.stringify(request).length / 4), outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 };
      upstream.spentUsd += pricing.cost(kind, request.model, usage) ?? 0;
      const digest = createHash('sha256').update(JSON.stringify(request.messages)).digest('hex');
      return Promise.resolve({ text: `answer ${digest.slice(0, 16)}`, toolCalls: [], finishReason: 'stop', responseModel: request.model, usage });
    },
    stream(): AsyncIterable<never> {
      throw new Error('the workload sends chat requests only');
    },
  };
  return upstream;
}

const anthropic = scripted('anthropic', 'anthropic', 300);
const openai = scripted('openai', 'openai', 600);
const TOOLS: ToolDefinition[] = Array.from({ length: 20 }, (_, i) => ({ name: `tool_${i}`, description: text(`tool ${i}`, 200), inputSchema: { type: 'object', properties: { path: { type: 'string' } } } }));
const AGENT_SYSTEM = text('You are a coding agent.', 6_000);

function agentRun(task: number, steps: number, editedFrom: number | undefined, runId: string): ChatRequest[] {
  const messages: Message[] = [{ role: 'user', content: text(`task ${task}: fix the failing test`, 400) }];
  const out: ChatRequest[] = [];
  for (let step = 0; step < steps; step++) {
    out.push({ model: 'claude-sonnet-4-5', system: AGENT_SYSTEM, tools: TOOLS, maxOutputTokens: 4096, messages: [...messages], metadata: { executionId: runId } });
    const edited = editedFrom !== undefined && step + 1 >= editedFrom;
    messages.push({ role: 'assistant', content: `step ${step}: read file ${task}-${step}` });
    messages.push({ role: 'user', content: text(`contents of ${task}-${step}${edited ? ' (after the edit)' : ''}`, 2_000) });
  }
  return out;
}

function generate(): Send[] {
  const sends: Send[] = [];
  for (let task = 0; task < 40; task++) {
    const steps = between(4, 12);
    const divergeAt = between(1, steps);
    const first = agentRun(task, steps, undefined, `run-${task}-1`).map((request): Send => ({ kind: 'agent', window: 'A', upstream: anthropic, request }));
    const rerun = agentRun(task, steps, divergeAt, `run-${task}-2`);
    sends.push(...first, ...rerun.map((request, i): Send => ({ kind: 'agent', window: 'A', upstream: anthropic, request, after: first[i] ?? first[first.length - 1]! })));
  }
  const chat = (label: string): ChatRequest => ({ model: 'gpt-4.1', system: 'You help with code in VS Code.', messages: [{ role: 'user', content: text(label, between(300, 3_000)) }] });
  for (let q = 0; q < 60; q++) {
    const original: Send = { kind: 'chat', window: 'A', upstream: openai, request: chat(`question ${q}`) };
    sends.push(original);
    const retries = rand() < 0.25 ? between(1, 2) : 0;
    for (let r = 0; r < retries; r++) sends.push({ kind: 'regenerate', window: 'A', upstream: openai, request: { ...original.request, metadata: { cachePolicy: 'bypass' } }, after: original });
  }
  for (let p = 0; p < 20; p++) {
    const original: Send = { kind: 'chat', window: 'A', upstream: openai, request: chat(`shared prompt ${p}`) };
    sends.push(original, { kind: 'window-b', window: 'B', upstream: openai, request: structuredClone(original.request), after: original });
  }
  const uniques = Math.round((0.3 * sends.length) / 0.7);
  for (let u = 0; u < uniques; u++) sends.push({ kind: 'unique', window: 'A', upstream: openai, request: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: text(`one-off ${u}`, between(200, 2_000)) }] } });
  return orderedShuffle(sends);
}

/** Seeded shuffle, then each send moved after the send it depends on. */
function orderedShuffle(sends: Send[]): Send[] {
  const shuffled = sends.map((s) => ({ s, r: rand() })).sort((a, b) => a.r - b.r).map((x) => x.s);
  const done = new Set<Send>();
  const out: Send[] = [];
  const waiting = new Map<Send, Send[]>();
  const emit = (s: Send): void => {
    out.push(s);
    done.add(s);
    for (const next of waiting.get(s) ?? []) emit(next);
    waiting.delete(s);
  };
  for (const s of shuffled) {
    if (!s.after || done.has(s.after)) emit(s);
    else waiting.set(s.after, [...(waiting.get(s.after) ?? []), s]);
  }
  return out;
}

/** The naive key: everything in the request, metadata included (execution id, policy, tags). */
const wholeRequestKey = (s: Send) => createHash('sha256').update(JSON.stringify([s.upstream.config, s.request])).digest('hex');

async function main(): Promise<void> {
  const workload = generate();
  const windows = { A: new ResponseCache({}, { costs: pricing }), B: new ResponseCache({}, { costs: pricing }) };
  const shared = new ResponseCache({}, { costs: pricing });
  const naive = { A: new Set<string>(), B: new Set<string>() };
  const byKind = new Map<Kind, { sent: number; hits: number }>();
  let naiveHits = 0;
  for (const s of workload) {
    const row = byKind.get(s.kind) ?? { sent: 0, hits: 0 };
    byKind.set(s.kind, row);
    row.sent++;
    if ((await windows[s.window].chat(s.upstream, s.request)).cached) row.hits++;
    const key = wholeRequestKey(s);
    if (s.request.metadata?.cachePolicy !== 'bypass' && naive[s.window].has(key)) naiveHits++;
    naive[s.window].add(key);
  }
  const spentPerWindow = anthropic.spentUsd + openai.spentUsd;
  for (const s of workload) await shared.chat(s.upstream, s.request);

  const a = windows.A.stats();
  const b = windows.B.stats();
  const hits = a.hits + a.shared + b.hits + b.shared;
  const lookups = hits + a.misses + b.misses;
  const total = workload.length;
  const one = (v: number) => ({ median: v, min: v, max: v });
  for (const [kind, row] of byKind) console.log(`${kind}: ${row.sent} requests, ${row.hits} hits`);
  console.log(`requests ${total}; lookups ${lookups} (bypassed ${a.bypassed + b.bypassed}); upstream spend with per-window caches $${spentPerWindow.toFixed(2)}`);
  report({ figure: `cache hit rate, IDE workload (${total} requests, per-window caches), of all requests`, unit: '%', ours: one((100 * hits) / total), baseline: { name: 'whole-request key (metadata in key)', ...one((100 * naiveHits) / total) }, better: 'higher', target: '> 30 %' });
  report({ figure: 'cache hit rate, same workload, of lookups (regenerate bypasses excluded)', unit: '%', ours: one((100 * hits) / lookups), better: 'higher' });
  const saved = a.savedUsd + b.savedUsd;
  console.log(`dollars saved $${saved.toFixed(2)} of $${(spentPerWindow + saved).toFixed(2)} (${((100 * saved) / (spentPerWindow + saved)).toFixed(1)} %)`);
  report({ figure: 'upstream spend, same workload, per-window caches', unit: 'USD', ours: one(spentPerWindow), baseline: { name: 'no cache', ...one(spentPerWindow + saved) }, better: 'lower', target: 'info' });
  const s = shared.stats();
  report({ figure: 'cache hit rate if one cache served both windows (gateway), of all requests', unit: '%', ours: one((100 * (s.hits + s.shared)) / total), better: 'higher', target: 'info: not today' });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
