// The Anthropic SDK starts a span per call on the process-global tracer, which every extension
// in the host shares. Ours must start none; a bare client in the same setup must (so the test can fail).
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { trace } from '@opentelemetry/api';
import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { LlmServer, json } from '../../../fixtures/llmServer';
import { anthropicMessage } from '../../../fixtures/anthropicWire';
import { createAnthropicProvider } from '../../../../src/core/llm/anthropicProvider';
import { staticKeys } from './harnesses';

describe('anthropic provider and OpenTelemetry', () => {
  let server: LlmServer;
  const started: string[] = [];
  const noop = trace.getTracer('noop');
  const recording: TracerProvider = {
    getTracer: (): Tracer => ({
      startSpan: (name, ...rest) => {
        started.push(name);
        return noop.startSpan(name, ...rest);
      },
      startActiveSpan: noop.startActiveSpan.bind(noop),
    }),
  };

  before(async () => {
    server = await LlmServer.start();
    assert.ok(trace.setGlobalTracerProvider(recording), 'a global tracer provider could be registered');
  });
  after(async () => {
    trace.disable();
    await server.close();
  });

  it('starts no span and sends no trace headers, while a default client does', async () => {
    server.setDefault(json(anthropicMessage({ text: 'ok' })));
    const ours = createAnthropicProvider({ id: 'a', kind: 'anthropic', baseUrl: server.url }, { keys: staticKeys('k') });
    await ours.chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    assert.deepEqual(started, []);
    assert.equal(server.requests[0]?.headers['traceparent'], undefined);

    await new Anthropic({ baseURL: server.url, apiKey: 'k' }).messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    assert.ok(started.length > 0, 'the control client starts a span on the global tracer');
  });
});
