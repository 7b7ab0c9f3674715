// The provider contract, answers: the same assertions run against every provider kind, each on
// its real SDK talking to the loopback server in that vendor's wire format.
import * as assert from 'node:assert/strict';
import type { WireAnswer } from '../../../fixtures/wireAnswer';
import { collect, describeContract, hello, rejectsWith } from './contractSupport';
import { staticKeys } from './harnesses';

const weatherCall = { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris","days":[1,2,3],"units":{"t":"C"}}' };
const toolAnswer: WireAnswer = { toolCalls: [weatherCall, { id: 'call_2', name: 'noop', arguments: '{}' }], fragmentSize: 5 };

describeContract('answers', (ctx) => {
  it('answers plain text, keeping metadata off the wire', async () => {
    ctx.server.enqueue(ctx.h.reply({ text: 'Hello there', model: 'm-1-2025' }));
    const r = await ctx.provider.chat(hello);
    assert.equal(r.text, 'Hello there');
    assert.deepEqual(r.toolCalls, []);
    assert.equal(r.finishReason, 'stop');
    assert.equal(r.responseModel, 'm-1-2025');
    assert.equal(r.providerRequestId, 'req_1');
    assert.equal(ctx.server.requestCount, 1);
    const req = ctx.server.requests[0]!;
    assert.equal(req.path, ctx.h.chatPath);
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
      const p = ctx.h.make(ctx.server, staticKeys('sk-test'));
      ctx.server.enqueue(ctx.h.reply({ text: 'x' }));
      await p.chat(hello);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const headers = ctx.server.requests[0]!.headers;
    assert.equal(headers['authorization'], 'Bearer sk-test');
    assert.ok(!JSON.stringify(headers).includes('-env'), JSON.stringify(headers));
  });

  it('uses the configured default model when the request names none', async () => {
    const withDefault = ctx.h.make(ctx.server, staticKeys('sk-test'), { defaultModel: 'm-default' });
    ctx.server.enqueue(ctx.h.reply({ text: 'x' }), ctx.h.replyStream({ text: 'y' }));
    await withDefault.chat({ ...hello, model: '' });
    assert.equal(ctx.server.lastBody()['model'], 'm-default');
    await collect(withDefault.stream({ ...hello, model: '' }));
    assert.equal(ctx.server.lastBody()['model'], 'm-default');
    const err = await rejectsWith(ctx.provider.chat({ ...hello, model: '' }), 'bad-request');
    assert.match(err.message, /no model/);
    assert.equal(ctx.server.requestCount, 2);
  });

  it('returns tool calls with parsed arguments', async () => {
    ctx.server.enqueue(ctx.h.reply(toolAnswer));
    const r = await ctx.provider.chat({ ...hello, tools: [{ name: 'get_weather', inputSchema: { type: 'object' } }] });
    assert.equal(r.finishReason, 'tool_calls');
    assert.deepEqual(r.toolCalls, [
      { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris', days: [1, 2, 3], units: { t: 'C' } } },
      { id: 'call_2', name: 'noop', arguments: {} },
    ]);
  });

  it('streams tool-call argument fragments and reassembles them', async () => {
    ctx.server.enqueue(ctx.h.replyStream(toolAnswer));
    const { events, response } = await collect(ctx.provider.stream(hello));
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
    ctx.server.enqueue(ctx.h.reply({ text: 'x', usage: ctx.h.richUsage.raw }), ctx.h.replyStream({ text: 'x', usage: ctx.h.richUsage.raw }));
    assert.deepEqual((await ctx.provider.chat(hello)).usage, ctx.h.richUsage.expected);
    const { events, response } = await collect(ctx.provider.stream(hello));
    for (const [field, value] of Object.entries(ctx.h.streamRequestFields)) assert.deepEqual(ctx.server.lastBody()[field], value, field);
    assert.deepEqual(response.usage, ctx.h.richUsage.expected);
    assert.ok(events.some((e) => e.type === 'usage'), 'a usage event precedes done');
  });

  it('sends image input as base64', async () => {
    ctx.server.enqueue(ctx.h.reply({ text: 'a red pixel' }));
    await ctx.provider.chat({
      model: 'm-1',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' }] }],
    });
    assert.equal(ctx.h.imageData(ctx.server.lastBody()), 'iVBORw0KGgo=');
  });

  it('streams the same response as the non-streaming call', async () => {
    const answer: WireAnswer = { text: 'The weather in Paris is mild.', toolCalls: [weatherCall], usage: ctx.h.richUsage.raw, model: 'm-1-x' };
    ctx.server.enqueue(ctx.h.reply(answer), ctx.h.replyStream(answer));
    const plain = await ctx.provider.chat(hello);
    const { events, response } = await collect(ctx.provider.stream(hello));
    assert.ok(events.filter((e) => e.type === 'text-delta').length > 1, 'text arrives in several deltas');
    assert.deepEqual({ ...response, providerRequestId: undefined }, { ...plain, providerRequestId: undefined });
    assert.equal(response.providerRequestId, 'req_2');
  });

  it('makes one call per iteration of a stream, each with its own result', async () => {
    ctx.server.enqueue(ctx.h.replyStream({ text: 'first' }), ctx.h.replyStream({ text: 'second' }));
    const stream = ctx.provider.stream(hello);
    assert.equal((await collect(stream)).response.text, 'first');
    assert.equal((await collect(stream)).response.text, 'second');
    assert.equal(ctx.server.requestCount, 2);
  });

  it(ctx.h.keyRequired ? 'fails before sending when no key is set' : 'works without a key', async () => {
    const keyless = ctx.h.make(ctx.server, staticKeys(undefined));
    if (ctx.h.keyRequired) {
      const err = await rejectsWith(keyless.chat(hello), 'auth');
      assert.equal(err.missingKey, true);
      assert.equal(ctx.server.requestCount, 0);
    } else {
      ctx.server.enqueue(ctx.h.reply({ text: 'local model' }));
      assert.equal((await keyless.chat(hello)).text, 'local model');
    }
  });

  it('lists models', async () => {
    ctx.server.enqueue(ctx.h.models(['m-b', 'm-a']));
    const models = await ctx.provider.listModels();
    assert.deepEqual(models.map((m) => m.id), ['m-a', 'm-b']);
    assert.equal(ctx.server.requests[0]?.method, 'GET');
  });
});
