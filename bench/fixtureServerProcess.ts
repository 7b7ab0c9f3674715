// Runs the loopback fixture server in its own process for benches, so the bench process's CPU
// time is the client side alone. Protocol over the fork IPC channel:
//   child -> parent: { url }            once listening
//   parent -> child: { reply }          sets the default reply; child answers { ok: true }
//   parent -> child: { close: true }    closes and exits
import { LlmServer } from '../test/fixtures/llmServer';
import type { CannedReply } from '../test/fixtures/llmServer';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

type Message = { reply: CannedReply } | { close: true };

export interface RemoteServer {
  url: string;
  setDefault(reply: CannedReply): Promise<void>;
  close(): Promise<void>;
}

/** Starts this file as a child process and returns a handle to the server inside it. */
export async function startRemoteServer(): Promise<RemoteServer> {
  const child: ChildProcess = fork(__filename, ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<Record<string, unknown>>((resolve) => child.once('message', (m) => resolve(m as Record<string, unknown>)));
  const { url } = (await next()) as { url: string };
  return {
    url,
    async setDefault(reply) {
      const ack = next();
      child.send({ reply });
      await ack;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ close: true });
      await exited;
    },
  };
}

async function serve(): Promise<void> {
  const server = await LlmServer.start();
  process.on('message', (m: Message) => {
    if ('close' in m) {
      void server.close().then(() => process.exit(0));
      return;
    }
    server.setDefault(m.reply);
    process.send?.({ ok: true });
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ url: server.url });
}

if (process.argv.includes('--serve')) void serve();
