// The providers' node:http transport against real loopback servers, through the real SDKs: what
// Node's fetch (undici) did must still hold — streaming as chunks arrive, abort closing the
// socket, decompression, HTTPS, timeouts, large bodies, error statuses, keep-alive.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync, constants, createGzip, deflateSync } from 'node:zlib';
import OpenAI from 'openai';
import { LlmError } from '../../../../src/core/llm/errors';
import { createNodeFetch } from '../../../../src/core/llm/nodeFetch';
import type { NodeFetch } from '../../../../src/core/llm/nodeFetch';
import { createOpenAiProvider } from '../../../../src/core/llm/openaiProvider';
import type { LlmProvider } from '../../../../src/core/llm/provider';

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const completion = (content: string) => ({ id: 'c1', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
const ask = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('nodeFetch: the providers\' node:http transport', () => {
  let server: Server;
  let url: string;
  let handler: Handler;
  /** Server-side sockets that closed, and requests seen. */
  let closedSockets: number;
  let transport: NodeFetch;
  let client: OpenAI;

  before(async () => {
    server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => handler(req, res, Buffer.concat(parts)));
    });
    server.on('connection', (s) => s.on('close', () => closedSockets++));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    closedSockets = 0;
    transport = createNodeFetch();
    client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'k', maxRetries: 0, fetch: transport.fetch });
  });
  afterEach(() => transport.close());

  const provider = (): LlmProvider => createOpenAiProvider({ id: 'p', kind: 'openai', baseUrl: `${url}/v1`, maxRetries: 0 }, { keys: { getApiKey: async () => 'k' } });

  it('delivers each streamed chunk as it arrives (the server sends the next only after the client saw the previous)', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk({ role: 'assistant', content: 'first' }));
      void released.then(() => res.end(chunk({ content: ' second' }, 'stop') + 'data: [DONE]\n\n'));
    };
    const seen: string[] = [];
    for await (const c of await client.chat.completions.create({ ...ask, stream: true })) {
      const text = c.choices[0]?.delta.content;
      if (text) seen.push(text);
      if (text === 'first') release();
    }
    assert.deepEqual(seen, ['first', ' second']);
  });

  it('abort before the headers: the SDK throws its abort error and the upstream socket is closed', async () => {
    let arrived!: () => void;
    const seen = new Promise<void>((r) => (arrived = r));
    handler = () => arrived(); // never answers
    const abort = new AbortController();
    const call = client.chat.completions.create(ask, { signal: abort.signal });
    await seen;
    abort.abort();
    await assert.rejects(call, OpenAI.APIUserAbortError);
    while (closedSockets === 0) await tick();
  });

  it('abort mid-stream: the provider reports cancelled and the upstream socket is closed', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk({ role: 'assistant', content: 'partial' }));
    };
    const abort = new AbortController();
    const p = provider();
    try {
      await assert.rejects(
        (async () => {
          for await (const e of p.stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, abort.signal)) if (e.type === 'text-delta') abort.abort();
        })(),
        (err: unknown) => err instanceof LlmError && err.kind === 'cancelled',
      );
      while (closedSockets === 0) await tick();
    } finally {
      p.dispose?.();
    }
  });

  it('asks for gzip, deflate and br, and decodes each (a gzip stream flushed per event arrives event by event)', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const encodings: Array<string | undefined> = [];
    handler = (req, res) => {
      encodings.push(req.headers['accept-encoding']);
      const stream = (req.url ?? '').includes('models') ? undefined : JSON.parse(req.headers['x-stream'] as string ?? 'false');
      if (stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
        const gz = createGzip({ flush: constants.Z_SYNC_FLUSH });
        gz.pipe(res);
        gz.write(chunk({ role: 'assistant', content: 'zipped' }));
        void released.then(() => gz.end(chunk({ content: ' more' }, 'stop') + 'data: [DONE]\n\n'));
      } else if ((req.url ?? '').includes('models')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
        res.end(brotliCompressSync(JSON.stringify({ object: 'list', data: [{ id: 'brotli-model', object: 'model', created: 0, owned_by: 'x' }] })));
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate' });
        res.end(deflateSync(JSON.stringify(completion('deflated'))));
      }
    };
    const seen: string[] = [];
    for await (const c of await client.chat.completions.create({ ...ask, stream: true }, { headers: { 'x-stream': 'true' } })) {
      const text = c.choices[0]?.delta.content;
      if (text) seen.push(text);
      if (text === 'zipped') release();
    }
    assert.deepEqual(seen, ['zipped', ' more']);
    assert.equal((await client.chat.completions.create(ask)).choices[0]?.message.content, 'deflated');
    assert.deepEqual((await client.models.list()).data.map((m) => m.id), ['brotli-model']);
    for (const e of encodings) assert.match(e ?? '', /gzip.*deflate.*br/);
  });

  it('carries large bodies both ways intact', async () => {
    const big = 'x'.repeat(6 * 1024 * 1024);
    handler = (_req, res, body) => {
      const got = (JSON.parse(body.toString('utf8')) as { messages: Array<{ content: string }> }).messages[0]!.content;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(completion(`${got.length}:${got === big}:${big}`)));
    };
    const answer = (await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: big }] })).choices[0]?.message.content;
    assert.equal(answer, `${big.length}:true:${big}`);
  });

  it('keeps error statuses and retry-after (429 → rate-limited with the wait)', async () => {
    handler = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7', 'x-request-id': 'req_429' });
      res.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit_error' } }));
    };
    const p = provider();
    try {
      await assert.rejects(p.chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }), (err: unknown) => {
        assert.ok(err instanceof LlmError);
        assert.deepEqual([err.kind, err.status, err.retryAfterMs, err.requestId], ['rate-limited', 429, 7000, 'req_429']);
        assert.match(err.message, /slow down/);
        return true;
      });
    } finally {
      p.dispose?.();
    }
  });

  it("the SDK's timeout aborts a server that never answers, as a timeout error, and closes the socket", async () => {
    handler = () => undefined;
    const timed = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'k', maxRetries: 0, timeout: 100, fetch: transport.fetch });
    await assert.rejects(timed.chat.completions.create(ask), OpenAI.APIConnectionTimeoutError);
    while (closedSockets === 0) await tick();
  });

  it('reuses one keep-alive connection for sequential calls; close() releases it; a refused connection is a connection error', async () => {
    const ports: Array<number | undefined> = [];
    handler = (req, res) => {
      ports.push(req.socket.remotePort);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(completion('ok')));
    };
    for (let i = 0; i < 3; i++) await client.chat.completions.create(ask);
    assert.equal(new Set(ports).size, 1);
    transport.close();
    while (closedSockets === 0) await tick();
    const refused = new OpenAI({ baseURL: 'http://127.0.0.1:1/v1', apiKey: 'k', maxRetries: 0, fetch: createNodeFetch().fetch });
    await assert.rejects(refused.chat.completions.create(ask), OpenAI.APIConnectionError);
  });

  it('follows redirects as fetch does: 307 keeps the POST and its body, 303 becomes a GET, another origin never gets the key', async () => {
    const other = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(completion(`${req.method} ${req.url} auth=${req.headers.authorization ?? 'none'}`)));
    });
    other.listen(0, '127.0.0.1');
    await once(other, 'listening');
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    handler = (req, res, body) => {
      const to: Record<string, [number, string]> = {
        '/v1/chat/completions': [307, '/v2/chat/completions'],
        '/v1/see-other': [303, '/v2/models'],
        '/v1/elsewhere': [308, `${otherUrl}/moved`],
      };
      const hop = to[req.url ?? ''];
      if (hop) {
        res.writeHead(hop[0], { location: hop[1] });
        return res.end();
      }
      const asked = body.length ? (JSON.parse(body.toString('utf8')) as { messages: Array<{ content: string }> }).messages[0]!.content : 'no body';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url === '/v2/models' ? { object: 'list', data: [{ id: `${req.method}-${asked}`, object: 'model', created: 0, owned_by: 'x' }] } : completion(`${req.method} ${req.url} ${asked} auth=${req.headers.authorization}`)));
    };
    try {
      assert.equal((await client.chat.completions.create(ask)).choices[0]?.message.content, 'POST /v2/chat/completions hi auth=Bearer k');
      assert.deepEqual((await client.post<{ data: Array<{ id: string }> }>('/see-other', { body: ask })).data.map((m) => m.id), ['GET-no body']);
      const moved = await client.post<OpenAI.ChatCompletion>('/elsewhere', { body: ask });
      assert.equal(moved.choices[0]?.message.content, 'POST /moved auth=none');
    } finally {
      other.close();
    }
  });

  it('speaks HTTPS, verifying the certificate (trusted here through NODE_EXTRA_CA_CERTS, as Node reads it)', async function () {
    this.timeout(30_000);
    const tls = join(__dirname, '../../../../../test/fixtures/tls');
    const script = join(__dirname, 'nodeFetchHttps.js');
    const run = (env: NodeJS.ProcessEnv) => promisify(execFile)(process.execPath, [script, tls], { env: { ...process.env, ...env } });
    const trusted = JSON.parse((await run({ NODE_EXTRA_CA_CERTS: join(tls, 'localhost-cert.pem') })).stdout) as { text: string; error?: string };
    assert.deepEqual(trusted, { text: 'over tls' });
    const untrusted = JSON.parse((await run({ NODE_EXTRA_CA_CERTS: '' })).stdout) as { text?: string; error?: string };
    assert.match(untrusted.error ?? '', /network.*certificate|self.signed/i);
  });
});

const tick = () => new Promise((r) => setTimeout(r, 5));
