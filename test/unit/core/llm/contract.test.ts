// The provider contract: the same assertions, run against every provider kind with its real
// SDK talking to the loopback server in that vendor's wire format.
import * as assert from 'node:assert/strict';
import { LlmServer } from '../../../fixtures/llmServer';
import type { WireAnswer } from '../../../fixtures/wireAnswer';
import { LlmError } from '../../../../src/core/llm/errors';
import type { LlmProvider } from '../../../../src/core/llm/provider';
import type { ChatRequest, ChatResponse, StreamEvent } from '../../../../src/core/llm/types';
import { harnesses, staticKeys } from './harnesses';

const hello: ChatRequest = {
  model: 'm-1',
  system: 'be brief',
  messages: [{ role: 'user', content: 'hi' }],
  metadata: { executionId: 'exec-1', cachePolicy: 'bypass' },
};
const weatherCall = { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris","days":[1,2,3],"units":{"t":"C"}}' };
const toolAnswer: WireAnswer = { toolCalls: [weatherCall, { id: 'call_2', name: 'noop', arguments: '{}' }], fragmentSize: 5 };
/** Short server-chosen backoff so the SDKs' retries do not slow the suite. */
const fastRetry = { 'retry-after-ms': '1' };

async function collect(events: AsyncIterable<StreamEvent>): Promise<{ events: StreamEvent[]; response: ChatResponse }> {
  const all: StreamEvent[] = [];
  for await (const e of events) all.push(e);
  const last = all[all.length - 1];
  assert.equal(last?.type, 'done', 'a stream ends with done');
  assert.equal(all.filter((e) => e.type === 'done').length, 1, 'exactly one done event');
  return { events: all, response: (last as Extract<StreamEvent, { type: 'done' }>).response };
}

async function rejectsWith(promise: Promise<unknown>, kind: LlmError['kind']): Promise<LlmError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof LlmError, `expected LlmError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    return err;
  }
  assert.fail(`expected a ${kind} error`);
}

for (const h of harnesses) {
  describe(`provider contract: ${h.kind}`, function () {
    let server: LlmServer;
    let provider: LlmProvider;

    before(async () => {
      server = await LlmServer.start();
    });
    after(async () => {
      await server.close();
    });
    beforeEach(() => {
      server.reset();
      provider = h.make(server, staticKeys('sk-test'));
    });
    afterEach(() => provider.dispose?.());

    it('answers plain text, keeping metadata off the wire', async () => {
      server.enqueue(h.reply({ text: 'Hello there', model: 'm-1-2025' }));
      const r = await provider.chat(hello);
      assert.equal(r.text, 'Hello there');
      assert.deepEqual(r.toolCalls, []);
      assert.equal(r.finishReason, 'stop');
      assert.equal(r.responseModel, 'm-1-2025');
      assert.equal(r.providerRequestId, 'req_1');
      assert.equal(server.requestCount, 1);
      const req = server.requests[0]!;
      assert.equal(req.path, h.chatPath);
      const body = req.body as Record<string, unknown>;
      assert.equal(body['model'], 'm-1');
      assert.ok(!JSON.stringify(body).includes('exec-1'), 'metadata must not reach the provider');
      assert.equal(req.headers['authorization'], 'Bearer sk-test');
    });

    it('sends nothing taken from the vendor SDKs\' environment variables', async () => {
      const env = { OPENAI_API_KEY: 'env-key', OPENAI_ORG_ID: 'org-env', OPENAI_PROJECT_ID: 'proj-env', ANTHROPIC_API_KEY: 'env-key', ANTHROPIC_AUTH_TOKEN: 'env-token' };
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
      Object.assign(process.env, env);
      try {
        const p = h.make(server, staticKeys('sk-test'));
        server.enqueue(h.reply({ text: 'x' }));
        await p.chat(hello);
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
      const headers = server.requests[0]!.headers;
      assert.equal(headers['authorization'], 'Bearer sk-test');
      assert.ok(!JSON.stringify(headers).includes('-env'), JSON.stringify(headers));
    });

    it('uses the configured default model when the request names none', async () => {
      const withDefault = h.make(server, staticKeys('sk-test'), { defaultModel: 'm-default' });
      server.enqueue(h.reply({ text: 'x' }), h.replyStream({ text: 'y' }));
      await withDefault.chat({ ...hello, model: '' });
      assert.equal(server.lastBody()['model'], 'm-default');
      await collect(withDefault.stream({ ...hello, model: '' }));
      assert.equal(server.lastBody()['model'], 'm-default');
      const err = await rejectsWith(provider.chat({ ...hello, model: '' }), 'bad-request');
      assert.match(err.message, /no model/);
      assert.equal(server.requestCount, 2);
    });

    it('returns tool calls with parsed arguments', async () => {
      server.enqueue(h.reply(toolAnswer));
      const r = await provider.chat({ ...hello, tools: [{ name: 'get_weather', inputSchema: { type: 'object' } }] });
      assert.equal(r.finishReason, 'tool_calls');
      assert.deepEqual(r.toolCalls, [
        { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris', days: [1, 2, 3], units: { t: 'C' } } },
        { id: 'call_2', name: 'noop', arguments: {} },
      ]);
    });

    it('streams tool-call argument fragments and reassembles them', async () => {
      server.enqueue(h.replyStream(toolAnswer));
      const { events, response } = await collect(provider.stream(hello));
      const deltas = events.filter((e) => e.type === 'tool-call-delta' && e.index === 0);
      assert.ok(deltas.length > 3, `arguments arrive in fragments (${deltas.length} deltas)`);
      assert.equal(deltas.find((d) => d.type === 'tool-call-delta' && d.id)?.type, 'tool-call-delta');
      assert.deepEqual(response.toolCalls[0], {
        id: 'call_1',
        name: 'get_weather',
        arguments: { city: 'Paris', days: [1, 2, 3], units: { t: 'C' } },
      });
      assert.equal(response.toolCalls.length, 2);
      assert.equal(response.finishReason, 'tool_calls');
    });

    it('maps every usage field, non-streaming and streaming', async () => {
      server.enqueue(h.reply({ text: 'x', usage: h.richUsage.raw }), h.replyStream({ text: 'x', usage: h.richUsage.raw }));
      assert.deepEqual((await provider.chat(hello)).usage, h.richUsage.expected);
      const { events, response } = await collect(provider.stream(hello));
      for (const [field, value] of Object.entries(h.streamRequestFields)) assert.deepEqual(server.lastBody()[field], value, field);
      assert.deepEqual(response.usage, h.richUsage.expected);
      assert.ok(events.some((e) => e.type === 'usage'), 'a usage event precedes done');
    });

    it('sends image input as base64', async () => {
      server.enqueue(h.reply({ text: 'a red pixel' }));
      await provider.chat({
        model: 'm-1',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' }] }],
      });
      assert.equal(h.imageData(server.lastBody()), 'iVBORw0KGgo=');
    });

    it('streams the same response as the non-streaming call', async () => {
      const answer: WireAnswer = { text: 'The weather in Paris is mild.', toolCalls: [weatherCall], usage: h.richUsage.raw, model: 'm-1-x' };
      server.enqueue(h.reply(answer), h.replyStream(answer));
      const plain = await provider.chat(hello);
      const { events, response } = await collect(provider.stream(hello));
      assert.ok(events.filter((e) => e.type === 'text-delta').length > 1, 'text arrives in several deltas');
      assert.deepEqual({ ...response, providerRequestId: undefined }, { ...plain, providerRequestId: undefined });
      assert.equal(response.providerRequestId, 'req_2');
    });

    it('makes one call per iteration of a stream, each with its own result', async () => {
      server.enqueue(h.replyStream({ text: 'first' }), h.replyStream({ text: 'second' }));
      const stream = provider.stream(hello);
      assert.equal((await collect(stream)).response.text, 'first');
      assert.equal((await collect(stream)).response.text, 'second');
      assert.equal(server.requestCount, 2);
    });

    it('normalizes 401 to an auth error carrying the provider message and the original error', async () => {
      server.enqueue(h.error(401, 'Incorrect API key provided'));
      const err = await rejectsWith(provider.chat(hello), 'auth');
      assert.equal(err.status, 401);
      assert.match(err.message, /Incorrect API key provided/);
      assert.ok(err.cause instanceof Error);
      assert.equal(server.requestCount, 1, '401 is not retried');
    });

    it('normalizes 400 to bad-request with the provider message, not retried', async () => {
      server.enqueue(h.error(400, 'max_tokens: must be at most 8192'));
      const err = await rejectsWith(provider.chat(hello), 'bad-request');
      assert.match(err.message, /max_tokens: must be at most 8192/);
      assert.equal(server.requestCount, 1);
    });

    it('normalizes 429 to rate-limited with retry-after (seconds), not retried when the server says so', async () => {
      server.enqueue(h.error(429, 'Too many requests', { 'retry-after': '7', 'x-should-retry': 'false' }));
      const err = await rejectsWith(provider.chat(hello), 'rate-limited');
      assert.equal(err.retryAfterMs, 7000);
      assert.equal(server.requestCount, 1);
    });

    it('reports rate-limited after the SDK retries ran out', async () => {
      for (let i = 0; i < 3; i++) server.enqueue(h.error(429, 'Too many requests', { 'retry-after-ms': '2' }));
      const err = await rejectsWith(provider.chat(hello), 'rate-limited');
      assert.equal(err.retryAfterMs, 2);
      assert.equal(server.requestCount, 3, 'one call plus the SDK default of two retries');
    });

    it('retries a 500 and then succeeds', async () => {
      server.enqueue(h.error(500, 'boom', fastRetry), h.reply({ text: 'recovered' }));
      assert.equal((await provider.chat(hello)).text, 'recovered');
      assert.equal(server.requestCount, 2);
    });

    it('reports a server error once retries are exhausted', async () => {
      for (let i = 0; i < 3; i++) server.enqueue(h.error(500, 'still broken', fastRetry));
      const err = await rejectsWith(provider.chat(hello), 'server');
      assert.equal(err.status, 500);
      assert.match(err.message, /still broken/);
      assert.equal(server.requestCount, 3);
    });

    it('reports overloaded (503) once retries are exhausted', async () => {
      for (let i = 0; i < 3; i++) server.enqueue(h.error(503, 'overloaded', fastRetry));
      await rejectsWith(provider.chat(hello), 'overloaded');
      assert.equal(server.requestCount, 3);
    });

    it('reports a body cut off by a lost connection as a network error', async () => {
      const body = JSON.stringify(h.reply({ text: 'x'.repeat(200) }).json);
      server.enqueue({ headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, raw: body.slice(0, 80), cut: true });
      await rejectsWith(provider.chat(hello), 'network');
    });

    it('reports a malformed body as bad-response', async () => {
      server.enqueue({ status: 200, headers: { 'content-type': 'application/json' }, raw: '{"id": "x", "choi' });
      const err = await rejectsWith(provider.chat(hello), 'bad-response');
      assert.ok(err.cause !== undefined);
    });

    it('reports a malformed stream event as bad-response', async () => {
      server.enqueue(h.brokenStream);
      await rejectsWith(collect(provider.stream(hello)), 'bad-response');
    });

    it('cancels mid-stream: the abort closes the HTTP stream', async () => {
      server.enqueue({ ...h.replyStream({ text: 'a long answer that never finishes' }), hold: true });
      const controller = new AbortController();
      const closed = server.nextDisconnect();
      const iterate = (async () => {
        for await (const e of provider.stream(hello, controller.signal)) {
          if (e.type === 'text-delta') controller.abort();
        }
      })();
      await rejectsWith(iterate, 'cancelled');
      await closed;
      assert.equal(server.disconnectCount, 1);
    });

    it('cancels a non-streaming call in flight', async () => {
      server.enqueue({ ...h.reply({ text: 'slow' }), hold: true });
      const controller = new AbortController();
      const arrived = server.nextRequest();
      const closed = server.nextDisconnect();
      const call = provider.chat(hello, controller.signal);
      await arrived;
      controller.abort();
      await rejectsWith(call, 'cancelled');
      await closed;
      assert.equal(server.requestCount, 1, 'a cancelled call is not retried');
    });

    it('closes the HTTP stream when the consumer stops reading', async () => {
      server.enqueue({ ...h.replyStream({ text: 'a long answer that never finishes' }), hold: true });
      const closed = server.nextDisconnect();
      for await (const e of provider.stream(hello)) if (e.type === 'text-delta') break;
      await closed;
      assert.equal(server.disconnectCount, 1);
    });

    it('reports a connection lost mid-stream as a network error', async () => {
      server.enqueue({ ...h.truncatedStream({ text: 'a long answer cut off by the network' }), cut: true });
      const events: StreamEvent[] = [];
      const iterate = (async () => {
        for await (const e of provider.stream(hello)) events.push(e);
      })();
      const err = await rejectsWith(iterate, 'network');
      assert.ok(events.some((e) => e.type === 'text-delta'), 'the deltas before the cut were delivered');
      assert.ok(!events.some((e) => e.type === 'done'), err.message);
    });

    it('treats a stream that ends before its final event as cut short, not as a short answer', async () => {
      server.enqueue(h.truncatedStream({ text: 'hello there, this is cut' }));
      await rejectsWith(collect(provider.stream(hello)), 'network');
    });

    it('reports a refused connection as a network error', async () => {
      const gone = await LlmServer.start();
      await gone.close();
      const p = h.make(gone, staticKeys('k'), { maxRetries: 0 });
      await rejectsWith(p.chat(hello), 'network');
    });

    it(h.keyRequired ? 'fails before sending when no key is set' : 'works without a key', async () => {
      const keyless = h.make(server, staticKeys(undefined));
      if (h.keyRequired) {
        const err = await rejectsWith(keyless.chat(hello), 'auth');
        assert.equal(err.missingKey, true);
        assert.equal(server.requestCount, 0);
      } else {
        server.enqueue(h.reply({ text: 'local model' }));
        assert.equal((await keyless.chat(hello)).text, 'local model');
      }
    });

    it('lists models', async () => {
      server.enqueue(h.models(['m-b', 'm-a']));
      const models = await provider.listModels();
      assert.deepEqual(models.map((m) => m.id), ['m-a', 'm-b']);
      assert.equal(server.requests[0]?.method, 'GET');
    });
  });
}
