import * as assert from 'node:assert/strict';
import { chatFailure } from '../../../../src/core/chat/chatErrors';
import { LlmError } from '../../../../src/core/llm/errors';
import { BudgetExceededError, budgetRefusal, budgetUse } from '../../../../src/core/usage/budget';

const llmError = (init: Partial<ConstructorParameters<typeof LlmError>[0]>) => new LlmError({ kind: 'server', providerId: 'fix', message: 'fix: failed', ...init });

describe('chat errors', () => {
  it('a missing or rejected key offers Set API Key for that provider', () => {
    const missing = chatFailure(llmError({ kind: 'auth', missingKey: true, message: 'fix: no API key is set' }), 'gpt-4o');
    assert.deepEqual([missing.action, missing.providerId], ['set-api-key', 'fix']);
    assert.match(missing.message, /no API key is stored for fix\. Set one to use gpt-4o/);
    const rejected = chatFailure(llmError({ kind: 'auth', status: 401, message: 'fix: 401 auth: Incorrect API key' }), 'gpt-4o');
    assert.equal(rejected.action, 'set-api-key');
    assert.match(rejected.message, /fix rejected the API key \(fix: 401 auth: Incorrect API key\)/);
  });

  it('429 says when to retry, 5xx says to try again, with no action', () => {
    const limited = chatFailure(llmError({ kind: 'rate-limited', status: 429, retryAfterMs: 2500, message: 'fix: 429 rate-limited' }), 'm');
    assert.match(limited.message, /rate limiting requests to m\. Retry in 3 s\./);
    assert.equal(limited.action, undefined);
    assert.match(chatFailure(llmError({ kind: 'rate-limited', status: 429 }), 'm').message, /Wait a moment/);
    assert.match(chatFailure(llmError({ kind: 'server', status: 503, message: 'fix: 503 server: down' }), 'm').message, /fix failed to answer \(fix: 503 server: down\)\. Try again shortly/);
    assert.match(chatFailure(llmError({ kind: 'overloaded', status: 529 }), 'm').message, /failed to answer/);
  });

  it('recognises a context that is too long, in either provider\'s words', () => {
    for (const text of ["This model's maximum context length is 128000 tokens", 'context_length_exceeded', 'prompt is too long: 210000 tokens > 200000 maximum']) {
      assert.match(chatFailure(llmError({ kind: 'bad-request', status: 400, message: `fix: 400 bad-request: ${text}` }), 'm').message, /too long for m .*larger context window/);
    }
    assert.match(chatFailure(llmError({ kind: 'bad-request', status: 400, message: 'fix: 400 bad-request: bad tool schema' }), 'm').message, /^Switchboard: m failed: fix: 400/);
  });

  it('a budget refusal keeps its message and offers to raise the budget', () => {
    const refusal = budgetRefusal('block', budgetUse({ daily: 1 }, { todayUsd: 2, monthUsd: 2 }))!;
    assert.deepEqual(chatFailure(new BudgetExceededError(refusal), 'm'), { message: refusal.message, action: 'raise-budget' });
    assert.match(chatFailure(new Error('boom'), 'm').message, /m failed: boom/);
  });
});
