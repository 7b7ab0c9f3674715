// The provider contract, failures: errors, retries, cancellation and lost connections, the same
// for every provider kind.
import * as assert from 'node:assert/strict';
import { LlmServer } from '../../../fixtures/llmServer';
import type { StreamEvent } from '../../../../src/core/llm/types';
import { collect, describeContract, fastRetry, hello, rejectsWith } from './contractSupport';
import { staticKeys } from './harnesses';

describeContract('failures', (ctx) => {
  it('normalizes 401 to an auth error carrying the provider message and the original error', async () => {
    ctx.server.enqueue(ctx.h.error(401, 'Incorrect API key provided'));
    const err = await rejectsWith(ctx.provider.chat(hello), 'auth');
    assert.equal(err.status, 401);
    assert.match(err.message, /Incorrect API key provided/);
    assert.ok(err.cause instanceof Error);
    assert.equal(ctx.server.requestCount, 1, '401 is not retried');
  });

  it('normalizes 400 to bad-request with the provider message, not retried', async () => {
    ctx.server.enqueue(ctx.h.error(400, 'max_tokens: must be at most 8192'));
    const err = await rejectsWith(ctx.provider.chat(hello), 'bad-request');
    assert.match(err.message, /max_tokens: must be at most 8192/);
    assert.equal(ctx.server.requestCount, 1);
  });

  it('normalizes 429 to rate-limited with retry-after (seconds), not retried when the server says so', async () => {
    ctx.server.enqueue(ctx.h.error(429, 'Too many requests', { 'retry-after': '7', 'x-should-retry': 'false' }));
    const err = await rejectsWith(ctx.provider.chat(hello), 'rate-limited');
    assert.equal(err.retryAfterMs, 7000);
    assert.equal(ctx.server.requestCount, 1);
  });

  it('reports rate-limited after the SDK retries ran out', async () => {
    for (let i = 0; i < 3; i++) ctx.server.enqueue(ctx.h.error(429, 'Too many requests', { 'retry-after-ms': '2' }));
    const err = await rejectsWith(ctx.provider.chat(hello), 'rate-limited');
    assert.equal(err.retryAfterMs, 2);
    assert.equal(ctx.server.requestCount, 3, 'one call plus the SDK default of two retries');
  });

  it('retries a 500 and then succeeds', async () => {
    ctx.server.enqueue(ctx.h.error(500, 'boom', fastRetry), ctx.h.reply({ text: 'recovered' }));
    assert.equal((await ctx.provider.chat(hello)).text, 'recovered');
    assert.equal(ctx.server.requestCount, 2);
  });

  it('reports a server error once retries are exhausted', async () => {
    for (let i = 0; i < 3; i++) ctx.server.enqueue(ctx.h.error(500, 'still broken', fastRetry));
    const err = await rejectsWith(ctx.provider.chat(hello), 'server');
    assert.equal(err.status, 500);
    assert.match(err.message, /still broken/);
    assert.equal(ctx.server.requestCount, 3);
  });

  it('reports overloaded (503) once retries are exhausted', async () => {
    for (let i = 0; i < 3; i++) ctx.server.enqueue(ctx.h.error(503, 'overloaded', fastRetry));
    await rejectsWith(ctx.provider.chat(hello), 'overloaded');
    assert.equal(ctx.server.requestCount, 3);
  });

  it('reports a body cut off by a lost connection as a network error', async () => {
    const body = JSON.stringify(ctx.h.reply({ text: 'x'.repeat(200) }).json);
    ctx.server.enqueue({ headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, raw: body.slice(0, 80), cut: true });
    await rejectsWith(ctx.provider.chat(hello), 'network');
  });

  it('maps an error event inside a stream by its type, keeping the provider message', async () => {
    for (const [type, kind] of ctx.h.streamErrorKinds) {
      ctx.server.enqueue(ctx.h.streamError(type, `${type} happened`));
      const err = await rejectsWith(collect(ctx.provider.stream(hello)), kind);
      assert.match(err.message, new RegExp(`${type} happened`));
    }
  });

  it('reports a malformed body as bad-response', async () => {
    ctx.server.enqueue({ status: 200, headers: { 'content-type': 'application/json' }, raw: '{"id": "x", "choi' });
    const err = await rejectsWith(ctx.provider.chat(hello), 'bad-response');
    assert.ok(err.cause !== undefined);
  });

  it('reports a malformed stream event as bad-response', async () => {
    ctx.server.enqueue(ctx.h.brokenStream);
    await rejectsWith(collect(ctx.provider.stream(hello)), 'bad-response');
  });

  it('cancels mid-stream: the abort closes the HTTP stream', async () => {
    ctx.server.enqueue({ ...ctx.h.replyStream({ text: 'a long answer that never finishes' }), hold: true });
    const controller = new AbortController();
    const closed = ctx.server.nextDisconnect();
    const iterate = (async () => {
      for await (const e of ctx.provider.stream(hello, controller.signal)) {
        if (e.type === 'text-delta') controller.abort();
      }
    })();
    await rejectsWith(iterate, 'cancelled');
    await closed;
    assert.equal(ctx.server.disconnectCount, 1);
  });

  it('cancels a non-streaming call in flight', async () => {
    ctx.server.enqueue({ ...ctx.h.reply({ text: 'slow' }), hold: true });
    const controller = new AbortController();
    const arrived = ctx.server.nextRequest();
    const closed = ctx.server.nextDisconnect();
    const call = ctx.provider.chat(hello, controller.signal);
    await arrived;
    controller.abort();
    await rejectsWith(call, 'cancelled');
    await closed;
    assert.equal(ctx.server.requestCount, 1, 'a cancelled call is not retried');
  });

  it('closes the HTTP stream when the consumer stops reading', async () => {
    ctx.server.enqueue({ ...ctx.h.replyStream({ text: 'a long answer that never finishes' }), hold: true });
    const closed = ctx.server.nextDisconnect();
    for await (const e of ctx.provider.stream(hello)) if (e.type === 'text-delta') break;
    await closed;
    assert.equal(ctx.server.disconnectCount, 1);
  });

  it('reports a connection lost mid-stream as a network error', async () => {
    ctx.server.enqueue({ ...ctx.h.truncatedStream({ text: 'a long answer cut off by the network' }), cut: true });
    const events: StreamEvent[] = [];
    const iterate = (async () => {
      for await (const e of ctx.provider.stream(hello)) events.push(e);
    })();
    const err = await rejectsWith(iterate, 'network');
    assert.ok(events.some((e) => e.type === 'text-delta'), 'the deltas before the cut were delivered');
    assert.ok(!events.some((e) => e.type === 'done'), err.message);
  });

  it('treats a stream that ends before its final event as cut short, not as a short answer', async () => {
    ctx.server.enqueue(ctx.h.truncatedStream({ text: 'hello there, this is cut' }));
    await rejectsWith(collect(ctx.provider.stream(hello)), 'network');
  });

  it('reports a refused connection as a network error', async () => {
    const gone = await LlmServer.start();
    await gone.close();
    const p = ctx.h.make(gone, staticKeys('k'), { maxRetries: 0 });
    await rejectsWith(p.chat(hello), 'network');
  });
});
