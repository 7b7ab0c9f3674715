// Our provider layer's overhead over the bare SDK, in two settings:
// - loopback: both talk HTTP to the fixture server, run in a child process so this process's
//   CPU time is the client side alone;
// - in-memory: both get the same canned bytes from a fake `fetch` (no sockets), so the figure is
//   pure client work: the harshest denominator, and steady even on a loaded machine.
// Rounds of "ours" and "bare" are interleaved (alternating which goes first) so drift in load
// hits both alike. Overhead is reported two ways: the median of ours/bare CPU time over rounds
// measured back to back, and the ratio of each side's 10th-percentile round (the rounds least
// disturbed by other processes: on a shared 2-core machine noise only ever adds time).
import { performance } from 'node:perf_hooks';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { percentile, report, summarize } from './lib';
import type { Sample } from './lib';
import { encodeSse, json, sse } from '../test/fixtures/llmServer';
import type { CannedReply } from '../test/fixtures/llmServer';
import { openaiChat, openaiChatChunks } from '../test/fixtures/openaiWire';
import { anthropicMessage, anthropicMessageEvents } from '../test/fixtures/anthropicWire';
import { createProviderFactory } from '../src/core/llm/factory';
import type { LlmProvider, ProviderDeps } from '../src/core/llm/provider';
import type { ChatRequest } from '../src/core/llm/types';
import { startRemoteServer } from './fixtureServerProcess';

/** Rounds and calls per round; in-memory calls are ~20× cheaper, so they get bigger batches. */
const SIZES = { loopback: { rounds: 120, batch: 12 }, 'in-memory': { rounds: 120, batch: 48 } };
const SCALE = Number(process.env['BENCH_SCALE'] ?? 1);
const answerText = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
const question = 'Tell me about foxes.';
const request: ChatRequest = { model: 'm-1', system: 'You are terse.', messages: [{ role: 'user', content: question }], maxOutputTokens: 512 };

type Call = () => Promise<unknown>;
type Fetch = NonNullable<ProviderDeps['fetch']>;

interface Measured {
  wall: Sample;
  bareWall: Sample;
  /** ours/bare CPU time of back-to-back rounds. */
  cpuRatio: Sample;
  /** ours/bare of the 10th-percentile round CPU times: the least disturbed rounds of each. */
  cpuRatioP10: number;
}

async function interleaved(ours: Call, bare: Call, size: { rounds: number; batch: number }): Promise<Measured> {
  const ROUNDS = Math.max(4, Math.round(size.rounds * SCALE));
  const BATCH = size.batch;
  for (let i = 0; i < BATCH * 4; i++) {
    await ours();
    await bare();
  }
  const wall = { ours: [] as number[], bare: [] as number[] };
  const cpu = { ours: [] as number[], bare: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    const order: Array<['ours' | 'bare', Call]> = r % 2 ? [['bare', bare], ['ours', ours]] : [['ours', ours], ['bare', bare]];
    for (const [name, fn] of order) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < BATCH; i++) await fn();
      wall[name].push(((performance.now() - start) * 1000) / BATCH);
      const used = process.cpuUsage(cpuStart);
      cpu[name].push((used.user + used.system) / BATCH);
    }
  }
  return {
    wall: summarize(wall.ours),
    bareWall: summarize(wall.bare),
    cpuRatio: summarize(cpu.ours.map((t, i) => t / cpu.bare[i]!)),
    cpuRatioP10: percentile(cpu.ours, 10) / percentile(cpu.bare, 10),
  };
}

async function drain(events: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of events) {
    // consume
  }
}

interface Case {
  vendor: string;
  provider: LlmProvider;
  reply: CannedReply;
  streamReply: CannedReply;
  bareChat: Call;
  bareStream: Call;
}

/** The same calls through our provider and through the bare SDK, both on `fetch` when given. */
function makeCases(url: string, fetch?: Fetch): Case[] {
  const factory = createProviderFactory();
  const deps: ProviderDeps = { keys: { getApiKey: () => Promise.resolve('sk-bench') }, ...(fetch ? { fetch } : {}) };
  const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'sk-bench', ...(fetch ? { fetch } : {}) });
  const anthropic = new Anthropic({ baseURL: url, apiKey: 'sk-bench', openTelemetry: false, ...(fetch ? { fetch } : {}) });
  const openaiBody = { model: 'm-1', messages: [{ role: 'system' as const, content: request.system! }, { role: 'user' as const, content: question }], max_completion_tokens: 512 };
  const anthropicBody = { model: 'm-1', max_tokens: 512, system: request.system!, messages: [{ role: 'user' as const, content: question }] };
  return [
    {
      vendor: 'OpenAI',
      provider: factory.create({ id: 'o', kind: 'openai', baseUrl: `${url}/v1` }, deps),
      reply: json(openaiChat({ text: answerText })),
      streamReply: sse(openaiChatChunks({ text: answerText, fragmentSize: 16 })),
      bareChat: async () => (await openai.chat.completions.create(openaiBody)).choices[0]?.message.content,
      bareStream: async () => {
        let text = '';
        const s = await openai.chat.completions.create({ ...openaiBody, stream: true, stream_options: { include_usage: true } });
        for await (const c of s) text += c.choices[0]?.delta.content ?? '';
        return text;
      },
    },
    {
      vendor: 'Anthropic',
      provider: factory.create({ id: 'a', kind: 'anthropic', baseUrl: url }, deps),
      reply: json(anthropicMessage({ text: answerText })),
      streamReply: sse(anthropicMessageEvents({ text: answerText, fragmentSize: 16 })),
      bareChat: async () => (await anthropic.messages.create(anthropicBody)).content,
      bareStream: async () => {
        let text = '';
        const s = await anthropic.messages.create({ ...anthropicBody, stream: true });
        for await (const e of s) if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') text += e.delta.text;
        return text;
      },
    },
  ];
}

async function run(setting: keyof typeof SIZES, cases: Case[], serve: (reply: CannedReply) => Promise<void>): Promise<void> {
  for (const c of cases) {
    for (const mode of ['non-streaming', 'streaming'] as const) {
      await serve(mode === 'streaming' ? c.streamReply : c.reply);
      const ours: Call = mode === 'streaming' ? () => drain(c.provider.stream(request)) : () => c.provider.chat(request);
      const r = await interleaved(ours, mode === 'streaming' ? c.bareStream : c.bareChat, SIZES[setting]);
      const name = `${c.vendor} ${mode}, ${setting}`;
      report({ figure: `${name}: µs/call`, unit: 'µs', ours: r.wall, baseline: { name: 'bare SDK', ...r.bareWall }, better: 'lower' });
      // The target is for the loopback server; in-memory is a stress figure without I/O.
      const target = setting === 'loopback' ? '≤ 1.10×' : 'info (no I/O)';
      report({ figure: `${name}: ours/bare CPU, paired rounds`, unit: '×', ours: r.cpuRatio, better: 'lower', target });
      const p10 = { median: r.cpuRatioP10, min: r.cpuRatioP10, max: r.cpuRatioP10 };
      report({ figure: `${name}: ours/bare CPU, p10 rounds`, unit: '×', ours: p10, better: 'lower', target });
    }
  }
}

async function main(): Promise<void> {
  const server = await startRemoteServer();
  await run('loopback', makeCases(server.url), (reply) => server.setDefault(reply));
  await server.close();

  let current: CannedReply = json({});
  const inMemory: Fetch = () => {
    const body = current.sse ? encodeSse(current.sse) : JSON.stringify(current.json);
    const type = current.sse ? 'text/event-stream' : 'application/json';
    return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': type, 'x-request-id': 'r', 'request-id': 'r' } }));
  };
  await run('in-memory', makeCases('http://in-memory.invalid', inMemory), (reply) => {
    current = reply;
    return Promise.resolve();
  });
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
