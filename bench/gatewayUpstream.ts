// The bench's upstream: a Chat Completions server in its own process that streams `chunks` text
// deltas, `gapMs` apart (0: the whole answer in one write), then the finish chunk, the usage
// chunk and [DONE]. A real provider streams tokens over time; pacing makes the bench see that,
// and the direct and the gateway path always share it. Unlike test/fixtures/llmServer it keeps
// no record of requests, so a 20,000-request soak does not grow it. Protocol over fork IPC:
//   child -> parent: { url }                     once listening
//   parent -> child: { pace: { chunks, gapMs } } sets the stream's shape; child answers { ok: true }
//   parent -> child: { close: true }             closes and exits
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Pace {
  chunks: number;
  gapMs: number;
}

export interface BenchUpstream {
  url: string;
  pace(p: Pace): Promise<void>;
  close(): Promise<void>;
}

type Message = { pace: Pace } | { close: true };

/** A forked bench process that sends one message once ready and answers each message sent to it. */
export interface BenchChild {
  ready: Record<string, unknown>;
  ask(message: object): Promise<Record<string, unknown>>;
  /** Sends `{ close: true }` and waits for the exit. */
  close(): Promise<void>;
}

export async function forkBenchChild(file: string, args: string[], execArgv: string[] = []): Promise<BenchChild> {
  const child: ChildProcess = fork(file, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<Record<string, unknown>>((resolve) => child.once('message', (m) => resolve(m as Record<string, unknown>)));
  const ready = await next();
  return {
    ready,
    ask(message) {
      const reply = next();
      child.send(message);
      return reply;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ close: true });
      await exited;
    },
  };
}

export async function startBenchUpstream(): Promise<BenchUpstream> {
  const child = await forkBenchChild(__filename, ['--serve']);
  return {
    url: child.ready['url'] as string,
    pace: async (p) => void (await child.ask({ pace: p })),
    close: () => child.close(),
  };
}

const chunk = (n: number, delta: Record<string, unknown>, finish: string | null = null, usage?: Record<string, number>): string =>
  `data: ${JSON.stringify({ id: `chatcmpl-${n}`, object: 'chat.completion.chunk', created: 0, model: 'gpt-test', choices: usage ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;

function stream(res: ServerResponse, n: number, pace: Pace): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': `req_${n}` });
  const parts = [chunk(n, { role: 'assistant', content: '' })];
  for (let i = 0; i < pace.chunks; i++) parts.push(chunk(n, { content: ` word${i}` }));
  const tail = chunk(n, {}, 'stop') + chunk(n, {}, null, { prompt_tokens: 10, completion_tokens: pace.chunks, total_tokens: 10 + pace.chunks }) + 'data: [DONE]\n\n';
  if (pace.gapMs <= 0) {
    res.end(parts.join('') + tail);
    return;
  }
  // Chunk i is due at start + i × gap, however late the previous one went out: a provider's
  // tokens do not wait on its socket, and on a loaded machine chained timers would add up.
  const start = performance.now();
  let i = 0;
  const tick = () => {
    if (res.destroyed) return;
    if (i < parts.length) res.write(parts[i++]);
    else return void res.end(tail);
    setTimeout(tick, Math.max(0, start + i * pace.gapMs - performance.now()));
  };
  tick();
}

async function serve(): Promise<void> {
  let pace: Pace = { chunks: 8, gapMs: 0 };
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-test', object: 'model', created: 0, owned_by: 'bench' }] }));
        return;
      }
      stream(res, n++, pace);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', (m: Message) => {
    if ('close' in m) {
      server.closeAllConnections();
      server.close(() => process.exit(0));
      return;
    }
    pace = m.pace;
    process.send?.({ ok: true });
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

// Only as the forked child: gatewayProcess.ts imports this file for forkBenchChild, with its own --serve.
if (require.main === module && process.argv.includes('--serve')) void serve();
