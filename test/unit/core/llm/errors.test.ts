import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { LlmError, normalizeError, retryAfterMs } from '../../../../src/core/llm/errors';

const headers = (h: Record<string, string>) => new Headers(h);

describe('retryAfterMs', () => {
  it('prefers retry-after-ms', () => assert.equal(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' })), 250));
  it('reads retry-after seconds, fractional too', () => {
    assert.equal(retryAfterMs(headers({ 'retry-after': '12' })), 12_000);
    assert.equal(retryAfterMs(headers({ 'retry-after': '1.5' })), 1500);
  });
  it('reads retry-after as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now), 30_000);
  });
  it('is undefined when absent or unreadable', () => {
    assert.equal(retryAfterMs(headers({})), undefined);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'soon' })), undefined);
    assert.equal(retryAfterMs(undefined), undefined);
  });
});

describe('normalizeError', () => {
  const sdks = [
    { name: 'openai', sdk: OpenAI, make: (s: number, h: Record<string, string> = {}) => OpenAI.APIError.generate(s, { error: { message: `m${s}` } }, undefined, headers(h)) },
    { name: 'anthropic', sdk: Anthropic, make: (s: number, h: Record<string, string> = {}) => Anthropic.APIError.generate(s, { type: 'error', error: { type: 'x', message: `m${s}` } }, undefined, headers(h)) },
  ];
  for (const { name, sdk, make } of sdks) {
    it(`${name}: maps statuses to kinds, keeping the provider message and the original`, () => {
      const cases: Array<[number, LlmError['kind']]> = [
        [400, 'bad-request'], [401, 'auth'], [403, 'auth'], [404, 'bad-request'], [408, 'network'], [422, 'bad-request'],
        [429, 'rate-limited'], [500, 'server'], [502, 'server'], [503, 'overloaded'], [529, 'overloaded'],
      ];
      for (const [status, kind] of cases) {
        const original = make(status);
        const err = normalizeError(original, 'p1', sdk);
        assert.equal(err.kind, kind, `status ${status}`);
        assert.equal(err.status, status);
        assert.equal(err.providerId, 'p1');
        assert.match(err.message, new RegExp(`m${status}`));
        assert.equal(err.cause, original);
      }
    });
    it(`${name}: abort and connection errors`, () => {
      assert.equal(normalizeError(new sdk.APIUserAbortError(), 'p', sdk).kind, 'cancelled');
      assert.equal(normalizeError(new sdk.APIConnectionError({ cause: new Error('ECONNREFUSED') }), 'p', sdk).kind, 'network');
      assert.match(normalizeError(new sdk.APIConnectionError({ cause: new Error('ECONNREFUSED') }), 'p', sdk).message, /ECONNREFUSED/);
    });
  }
  it('says how long to wait in the unit that fits, sub-second waits in ms', () => {
    const hint = (h: Record<string, string>) => normalizeError(OpenAI.APIError.generate(429, { error: { message: 'slow' } }, undefined, headers(h)), 'p', OpenAI).message;
    assert.match(hint({ 'retry-after-ms': '5' }), /\(retry after 5 ms\)/);
    assert.match(hint({ 'retry-after-ms': '999' }), /\(retry after 999 ms\)/);
    assert.match(hint({ 'retry-after-ms': '1500' }), /\(retry after 1\.5 s\)/);
    assert.match(hint({ 'retry-after': '7' }), /\(retry after 7 s\)/);
    assert.match(hint({ 'retry-after': '90' }), /\(retry after 90 s\)/);
  });
  it('returns an LlmError found in the cause chain as it is', () => {
    const ours = new LlmError({ kind: 'auth', providerId: 'p', message: 'no key', missingKey: true });
    assert.equal(normalizeError(new OpenAI.OpenAIError('wrapped', { cause: ours }), 'p', OpenAI), ours);
  });
  it('calls anything else from an SDK call an unreadable response', () => {
    const err = normalizeError(new SyntaxError('Unexpected end of JSON input'), 'p', OpenAI);
    assert.equal(err.kind, 'bad-response');
    assert.match(err.message, /Unexpected end/);
  });
  it('calls any error after the signal aborted a cancellation', () => {
    const c = new AbortController();
    c.abort();
    assert.equal(normalizeError(new Error('terminated'), 'p', OpenAI, c.signal).kind, 'cancelled');
  });
});
