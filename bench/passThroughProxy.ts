// The floor for any gateway on this machine: a forked process that relays each request to the
// upstream and each response chunk back as it arrives, and does nothing else (no key check, no
// parsing, no SDK, no cache, no ledger). What it adds over going direct is what one more local
// process and one more loopback hop cost here; what the gateway adds beyond that is its own.
//   child -> parent: { url }      once listening
//   parent -> child: { close: true }
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forkBenchChild } from './gatewayUpstream';

export interface PassThroughProxy {
  url: string;
  close(): Promise<void>;
}

export async function startPassThroughProxy(upstreamUrl: string): Promise<PassThroughProxy> {
  const child = await forkBenchChild(__filename, ['--serve', upstreamUrl]);
  return { url: child.ready['url'] as string, close: () => child.close() };
}

async function serve(upstreamUrl: string): Promise<void> {
  const upstream = new URL(upstreamUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { 'content-type': 'application/json', 'content-length': body.length, authorization: 'Bearer k' };
      const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, agent, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'text/plain' });
        answer.on('data', (chunk: Buffer) => res.write(chunk));
        answer.on('end', () => res.end());
      });
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', () => {
    server.closeAllConnections();
    agent.destroy();
    server.close(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

if (require.main === module && process.argv.includes('--serve')) void serve(process.argv[process.argv.indexOf('--serve') + 1]!);
