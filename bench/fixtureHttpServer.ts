// The MCP fixture tool server over streamable HTTP on loopback, in its own process, for benches.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const FIXTURE = resolve(__dirname, '../test/fixtures/mcp/toolServer.js');

/** Starts it and resolves with the child and the port once it is listening. */
export async function startHttpFixture(): Promise<{ child: ChildProcess; port: string }> {
  const child = spawn(process.execPath, [FIXTURE, 'http'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise<string>((res, rej) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(d.toString());
      if (m) res(m[1]!);
    });
    child.once('exit', () => rej(new Error('fixture http server exited')));
  });
  return { child, port };
}
