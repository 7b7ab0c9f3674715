// Every check the gateway makes, each refused as specified and changing nothing upstream.
import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { sse } from '../../../fixtures/llmServer';
import { openaiChatChunks } from '../../../fixtures/openaiWire';
import { startHarness } from './harness';
import type { Harness } from './harness';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const chatBody = JSON.stringify({ model: 'oa/gpt-test', messages: [{ role: 'user', content: 'x' }] });

describe('gateway: refusals', () => {
  let h: Harness;
  let key: string;
  beforeEach(async () => {
    h = await startHarness({ maxBodyBytes: 4096, headersTimeoutMs: 200, requestTimeoutMs: 400, requestsPerMinutePerClient: 5 });
    key = (await h.keys.create('aider')).key;
  });
  afterEach(() => h.close());

  const auth = () => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
  const upstreamCalls = () => h.openai.requestCount + h.anthropic.requestCount;

  it('a bad key and a revoked key get 401 in the client format; no CORS headers ever', async () => {
    const bad = await send(h.gateway.url, '/v1/chat/completions', { authorization: 'Bearer sb-wrong' }, chatBody);
    assert.equal(bad.status, 401);
    assert.equal((JSON.parse(bad.body) as { error: { type: string } }).error.type, 'authentication_error');
    assert.ok(!Object.keys(bad.headers).some((k) => k.startsWith('access-control-')));
    const none = await send(h.gateway.url, '/v1/messages', {}, '{}');
    assert.deepEqual([none.status, (JSON.parse(none.body) as { type: string }).type], [401, 'error']);
    await h.keys.revoke('aider');
    const err = await new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions.create({ model: 'oa/gpt-test', messages: [] }).catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.AuthenticationError);
    assert.equal(upstreamCalls(), 0);
  });

  it('a wrong Host (DNS rebinding) and any Origin are refused with 403', async () => {
    const rebound = await send(h.gateway.url, '/v1/models', { ...auth(), host: `evil.example:${h.gateway.port}` });
    assert.equal(rebound.status, 403);
    const otherPort = await send(h.gateway.url, '/v1/models', { ...auth(), host: `127.0.0.1:${h.gateway.port + 1}` });
    assert.equal(otherPort.status, 403);
    const browser = await send(h.gateway.url, '/v1/chat/completions', { ...auth(), origin: 'http://localhost:3000' }, chatBody);
    assert.equal(browser.status, 403);
    assert.ok(!Object.keys(browser.headers).some((k) => k.startsWith('access-control-')));
    const local = await send(h.gateway.url, '/v1/models', { ...auth(), host: `localhost:${h.gateway.port}` });
    assert.equal(local.status, 200);
  });

  it('an oversized body gets 413 (declared or chunked), malformed JSON a 400 in the client format', async () => {
    const big = JSON.stringify({ model: 'oa/gpt-test', messages: [{ role: 'user', content: 'x'.repeat(5000) }] });
    assert.equal((await send(h.gateway.url, '/v1/chat/completions', auth(), big)).status, 413);
    assert.equal((await send(h.gateway.url, '/v1/chat/completions', { ...auth(), 'transfer-encoding': 'chunked' }, big)).status, 413);
    const broken = await send(h.gateway.url, '/v1/messages', { 'x-api-key': key }, '{"model": ');
    assert.equal(broken.status, 400);
    assert.deepEqual((JSON.parse(broken.body) as { error: { type: string } }).error.type, 'invalid_request_error');
    const brokenOpenAi = await send(h.gateway.url, '/v1/chat/completions', auth(), 'nope');
    assert.match((JSON.parse(brokenOpenAi.body) as { error: { message: string } }).error.message, /not valid JSON/);
    assert.equal(upstreamCalls(), 0);
  });

  it('a slow client (headers never finished) is cut off by the headers timeout', async () => {
    const socket = connect(h.gateway.port, '127.0.0.1');
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${h.gateway.port}\r\n`);
    let reply = '';
    socket.on('data', (c: Buffer) => (reply += c.toString()));
    await new Promise((resolve) => socket.on('close', resolve));
    assert.match(reply, /^HTTP\/1\.1 408/);
  });

  it('an upstream 429 is relayed with its retry-after; past budget is 429 budget_exceeded with no upstream request', async () => {
    h.openai.enqueue({ status: 429, headers: { 'retry-after': '7' }, json: { error: { message: 'slow down', type: 'rate_limit_error' } } });
    const limited = await send(h.gateway.url, '/v1/chat/completions', auth(), chatBody);
    assert.deepEqual([limited.status, limited.headers['retry-after']], [429, '7']);
    h.overBudget.value = true;
    const before = upstreamCalls();
    const err = await new Anthropic({ baseURL: h.gateway.url, apiKey: key, maxRetries: 0 }).messages.create({ model: 'an/claude-test', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    assert.ok(err instanceof Anthropic.RateLimitError);
    assert.deepEqual((err.error as { error: { type: string; message: string } }).error.type, 'budget_exceeded');
    assert.match(err.message, /daily budget/);
    const streamed = await send(h.gateway.url, '/v1/chat/completions', auth(), JSON.stringify({ ...JSON.parse(chatBody), stream: true }));
    assert.equal((JSON.parse(streamed.body) as { error: { code: string } }).error.code, 'budget_exceeded');
    assert.equal(upstreamCalls(), before);
  });

  it('a client over its rate limit gets 429 with retry-after; others are unaffected', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await send(h.gateway.url, '/v1/models-none', auth())).status);
    assert.deepEqual(statuses, [404, 404, 404, 404, 404]);
    const refused = await send(h.gateway.url, '/v1/models-none', auth());
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    const other = (await h.keys.create('continue')).key;
    assert.equal((await send(h.gateway.url, '/v1/models-none', { authorization: `Bearer ${other}` })).status, 404);
  });

  it('stop() closes open connections, aborts the upstream call and frees the port', async () => {
    h.openai.enqueue({ ...sse(openaiChatChunks({ text: 'never ends' }).slice(0, 2)), hold: true });
    const client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'oa/gpt-test', messages: [{ role: 'user', content: 'go' }], stream: true });
    const reading = (async () => {
      for await (const _chunk of stream) void _chunk;
    })().catch((e: unknown) => e);
    const upstreamGone = h.openai.nextDisconnect();
    await h.gateway.stop();
    assert.ok((await reading) instanceof Error, 'the client saw its stream end early');
    await upstreamGone;
    const port = h.gateway.port;
    const probe = createServer();
    await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(port, '127.0.0.1', resolve));
    assert.equal((probe.address() as AddressInfo).port, port);
    await new Promise((resolve) => probe.close(resolve));
  });
});
