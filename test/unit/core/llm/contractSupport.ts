// Shared by the contract suites: the request they send, stream collection, error assertions,
// and a describe() per provider kind with its own loopback server.
import * as assert from 'node:assert/strict';
import { LlmServer } from '../../../fixtures/llmServer';
import { LlmError } from '../../../../src/core/llm/errors';
import type { LlmProvider } from '../../../../src/core/llm/provider';
import type { ChatRequest, ChatResponse, StreamEvent } from '../../../../src/core/llm/types';
import { harnesses, staticKeys } from './harnesses';
import type { Harness } from './harnesses';

export const hello: ChatRequest = {
  model: 'm-1',
  system: 'be brief',
  messages: [{ role: 'user', content: 'hi' }],
  metadata: { executionId: 'exec-1', cachePolicy: 'bypass' },
};

/** Short server-chosen backoff so the SDKs' retries do not slow the suite. */
export const fastRetry = { 'retry-after-ms': '1' };

export async function collect(events: AsyncIterable<StreamEvent>): Promise<{ events: StreamEvent[]; response: ChatResponse }> {
  const all: StreamEvent[] = [];
  for await (const e of events) all.push(e);
  const last = all[all.length - 1];
  assert.equal(last?.type, 'done', 'a stream ends with done');
  assert.equal(all.filter((e) => e.type === 'done').length, 1, 'exactly one done event');
  return { events: all, response: (last as Extract<StreamEvent, { type: 'done' }>).response };
}

export async function rejectsWith(promise: Promise<unknown>, kind: LlmError['kind']): Promise<LlmError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof LlmError, `expected LlmError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    return err;
  }
  assert.fail(`expected a ${kind} error`);
}

export interface ContractContext {
  h: Harness;
  /** The loopback server, reset before each test. */
  server: LlmServer;
  /** A provider with key `sk-test`, built fresh for each test. */
  provider: LlmProvider;
}

/** Runs `tests` once per provider kind, as `provider contract (<part>): <kind>`. */
export function describeContract(part: string, tests: (ctx: ContractContext) => void): void {
  for (const h of harnesses) {
    describe(`provider contract (${part}): ${h.kind}`, function () {
      const ctx = { h } as ContractContext;
      before(async () => {
        ctx.server = await LlmServer.start();
      });
      after(() => ctx.server.close());
      beforeEach(() => {
        ctx.server.reset();
        ctx.provider = h.make(ctx.server, staticKeys('sk-test'));
      });
      afterEach(() => ctx.provider.dispose?.());
      tests(ctx);
    });
  }
}
