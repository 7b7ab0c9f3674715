// Our provider layer's overhead over the bare SDK, both talking to the loopback fixture server
// (in a child process, so this process's CPU time is the client side alone).
// Rounds of "ours" and "bare" are interleaved (alternating which goes first) so drift in machine
// load hits both alike. Overhead = median over rounds of ours/bare measured back to back, in
// CPU time (steady on a shared 2-core machine) and in wall-clock time (what a user waits).
import { performance } from 'node:perf_hooks';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { report, summarize } from './lib';
import type { Sample } from './lib';
import { json, sse } from '../test/fixtures/llmServer';
import type { CannedReply } from '../test/fixtures/llmServer';
import { openaiChat, openaiChatChunks } from '../test/fixtures/openaiWire';
import { anthropicMessage, anthropicMessageEvents } from '../test/fixtures/anthropicWire';
import { createProviderFactory } from '../src/core/llm/factory';
import { startRemoteServer } from './fixtureServerProcess';
import type { LlmProvider } from '../src/core/llm/provider';
import type { ChatRequest } from '../src/core/llm/types';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 60);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 16);
const answerText = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
const request: ChatRequest = {
  model: 'm-1',
  system: 'You are terse.',
  messages: [{ role: 'user', content: 'Tell me about foxes.' }],
  maxOutputTokens: 512,
};

type Call = () => Promise<unknown>;

interface Measured {
  wall: Sample;
  bareWall: Sample;
  wallRatio: Sample;
  cpuRatio: Sample;
}

async function interleaved(ours: Call, bare: Call): Promise<Measured> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < BATCH * 2; i++) {
    await ours();
    await bare();
  }
  const wall = { ours: [] as number[], bare: [] as number[] };
  const cpu = { ours: [] as number[], bare: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    const order: Array<['ours' | 'bare', Call]> = r % 2 ? [['bare', bare], ['ours', ours]] : [['ours', ours], ['bare', bare]];
    for (const [name, fn] of order) {
      gc?.();
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < BATCH; i++) await fn();
      wall[name].push(((performance.now() - start) * 1000) / BATCH);
      const used = process.cpuUsage(cpuStart);
      cpu[name].push((used.user + used.system) / BATCH);
    }
  }
  const ratios = (a: number[], b: number[]) => summarize(a.map((t, i) => t / b[i]!));
  return {
    wall: summarize(wall.ours),
    bareWall: summarize(wall.bare),
    wallRatio: ratios(wall.ours, wall.bare),
    cpuRatio: ratios(cpu.ours, cpu.bare),
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

async function main(): Promise<void> {
  const server = await startRemoteServer();
  const factory = createProviderFactory();
  const keys = { getApiKey: () => Promise.resolve('sk-bench') };
  const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-bench' });
  const anthropic = new Anthropic({ baseURL: server.url, apiKey: 'sk-bench', openTelemetry: false });
  const openaiMessages = [
    { role: 'system' as const, content: request.system! },
    { role: 'user' as const, content: 'Tell me about foxes.' },
  ];
  const anthropicBody = { model: 'm-1', max_tokens: 512, system: request.system!, messages: [{ role: 'user' as const, content: 'Tell me about foxes.' }] };
  const cases: Case[] = [
    {
      vendor: 'OpenAI',
      provider: factory.create({ id: 'o', kind: 'openai', baseUrl: `${server.url}/v1` }, { keys }),
      reply: json(openaiChat({ text: answerText })),
      streamReply: sse(openaiChatChunks({ text: answerText, fragmentSize: 16 })),
      bareChat: async () => (await openai.chat.completions.create({ model: 'm-1', messages: openaiMessages, max_completion_tokens: 512 })).choices[0]?.message.content,
      bareStream: async () => {
        let text = '';
        const s = await openai.chat.completions.create({ model: 'm-1', messages: openaiMessages, max_completion_tokens: 512, stream: true, stream_options: { include_usage: true } });
        for await (const c of s) text += c.choices[0]?.delta.content ?? '';
        return text;
      },
    },
    {
      vendor: 'Anthropic',
      provider: factory.create({ id: 'a', kind: 'anthropic', baseUrl: server.url }, { keys }),
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

  for (const c of cases) {
    for (const mode of ['non-streaming', 'streaming'] as const) {
      await server.setDefault(mode === 'streaming' ? c.streamReply : c.reply);
      const ours: Call = mode === 'streaming' ? () => drain(c.provider.stream(request)) : () => c.provider.chat(request);
      const r = await interleaved(ours, mode === 'streaming' ? c.bareStream : c.bareChat);
      const name = `${c.vendor} ${mode}`;
      report({ figure: `${name}: wall µs/call`, unit: 'µs', ours: r.wall, baseline: { name: 'bare SDK', ...r.bareWall }, better: 'lower' });
      report({ figure: `${name}: overhead ours/bare, CPU`, unit: '×', ours: r.cpuRatio, better: 'lower', target: '≤ 1.10×' });
      report({ figure: `${name}: overhead ours/bare, wall`, unit: '×', ours: r.wallRatio, better: 'lower', target: '≤ 1.10×' });
    }
  }
  await server.close();
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
