// The Anthropic SDK warns about a deprecated model with console.warn on every request. Those
// warnings must reach Switchboard's log, once per model, and nothing the console.
import * as assert from 'node:assert/strict';
import { LlmServer, json, sse } from '../../../fixtures/llmServer';
import { anthropicMessage, anthropicMessageEvents } from '../../../fixtures/anthropicWire';
import { createAnthropicProvider } from '../../../../src/core/llm/anthropicProvider';
import type { Logger } from '../../../../src/core/log';
import { emptyUsage } from '../../../../src/core/llm/types';
import { Pricing } from '../../../../src/core/usage/pricing';
import { staticKeys } from './harnesses';

interface Manifest {
  contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
}

describe('SDK warnings', () => {
  let server: LlmServer;
  const original = console.warn;
  const onConsole: string[] = [];
  const spy = (...args: unknown[]): void => void onConsole.push(args.join(' '));

  before(async () => (server = await LlmServer.start()));
  after(() => server.close());
  beforeEach(() => (console.warn = spy));
  afterEach(() => (console.warn = original));

  it('a deprecated model is reported to the logger once per model, and never on the console', async () => {
    const warnings: string[] = [];
    const logger: Logger = { trace() {}, debug() {}, info() {}, warn: (m) => void warnings.push(m), error() {} };
    server.setDefault(json(anthropicMessage({ text: 'ok' })));
    const provider = createAnthropicProvider({ id: 'anthropic', kind: 'anthropic', label: 'Anthropic', baseUrl: server.url }, { keys: staticKeys('k'), logger });
    const ask = (model: string) => provider.chat({ model, messages: [{ role: 'user', content: 'hi' }] });
    await ask('claude-sonnet-4-5');
    await ask('claude-sonnet-4-5');
    await ask('claude-opus-4-5');
    server.setDefault(sse(anthropicMessageEvents({ text: 'streamed' })));
    for await (const event of provider.stream({ model: 'claude-opus-4-5', messages: [{ role: 'user', content: 'hi' }] })) void event;
    server.setDefault(undefined);

    assert.deepEqual(onConsole, []);
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.match(warnings[0]!, /^Anthropic: The model 'claude-sonnet-4-5' is deprecated/);
    assert.match(warnings[1]!, /^Anthropic: The model 'claude-opus-4-5' is deprecated/);
    assert.equal(console.warn, spy, 'the console is given back after each call');
  });

  it('the default Anthropic model is a current one: the SDK does not call it deprecated, and it has a price', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const manifest = require('../../../../../package.json') as Manifest;
    const providers = manifest.contributes.configuration.properties['switchboard.providers']?.default as { kind: string; defaultModel: string }[];
    const model = providers.find((p) => p.kind === 'anthropic')!.defaultModel;
    const warnings: string[] = [];
    const logger: Logger = { trace() {}, debug() {}, info() {}, warn: (m) => void warnings.push(m), error() {} };
    server.setDefault(json(anthropicMessage({ text: 'ok' })));
    const provider = createAnthropicProvider({ id: 'anthropic', kind: 'anthropic', baseUrl: server.url }, { keys: staticKeys('k'), logger });
    await provider.chat({ model, messages: [{ role: 'user', content: 'hi' }] });
    server.setDefault(undefined);
    assert.deepEqual([...warnings, ...onConsole], []);
    assert.ok((new Pricing().cost('anthropic', model, { ...emptyUsage(), inputTokens: 1000 }) ?? 0) > 0, `${model} has no price`);
  });
});
