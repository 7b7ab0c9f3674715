import * as assert from 'node:assert/strict';
import { LlmServer, json } from '../../../fixtures/llmServer';
import { openaiChat } from '../../../fixtures/openaiWire';
import { ProviderFactory, ProviderPool, createProviderFactory } from '../../../../src/core/llm/factory';
import type { LlmProvider, ProviderConfig } from '../../../../src/core/llm/provider';
import { staticKeys } from './harnesses';

const deps = { keys: staticKeys('k') };

describe('ProviderFactory', () => {
  it('creates each built-in kind', () => {
    const f = createProviderFactory();
    assert.deepEqual(f.knownKinds(), ['anthropic', 'openai', 'openai-compatible']);
    for (const kind of f.knownKinds()) {
      const p = f.create({ id: `x-${kind}`, kind, baseUrl: 'http://127.0.0.1:9/v1' }, deps);
      assert.equal(p.config.kind, kind);
    }
  });

  it('rejects an unknown kind, listing the known ones', () => {
    assert.throws(
      () => createProviderFactory().create({ id: 'p', kind: 'gemini' }, deps),
      /Provider "p" has unknown kind "gemini"; known kinds: anthropic, openai, openai-compatible/,
    );
  });

  it('registers new kinds and refuses to register one twice', () => {
    const fake = (config: ProviderConfig): LlmProvider => ({ config } as LlmProvider);
    const f = new ProviderFactory().register('fake', fake);
    assert.equal(f.create({ id: 'a', kind: 'fake' }, deps).config.id, 'a');
    assert.throws(() => f.register('fake', fake), /already registered/);
  });

  it('requires a base URL for openai-compatible', () => {
    assert.throws(() => createProviderFactory().create({ id: 'local', kind: 'openai-compatible' }, deps), /needs a baseUrl/);
  });
});

describe('ProviderPool', () => {
  let server: LlmServer;
  before(async () => {
    server = await LlmServer.start();
  });
  after(() => server.close());

  it('keeps one provider per configuration and rebuilds only the changed ones', () => {
    const pool = new ProviderPool(createProviderFactory(), deps);
    const a: ProviderConfig = { id: 'a', kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', label: 'A' };
    const b: ProviderConfig = { id: 'b', kind: 'anthropic' };
    assert.deepEqual(pool.configure([a, b]).created, ['a', 'b']);
    const firstA = pool.require('a');
    const firstB = pool.require('b');

    // Same content, different object and key order: nothing is rebuilt.
    const same = pool.configure([{ label: 'A', baseUrl: a.baseUrl, kind: 'openai', id: 'a' }, { ...b }]);
    assert.deepEqual(same.unchanged, ['a', 'b']);
    assert.equal(pool.require('a'), firstA);

    const changed = pool.configure([{ ...a, defaultModel: 'gpt-x' }, b]);
    assert.deepEqual(changed.rebuilt, ['a']);
    assert.notEqual(pool.require('a'), firstA);
    assert.equal(pool.require('b'), firstB);
    assert.equal(pool.require('a').config.defaultModel, 'gpt-x');

    assert.deepEqual(pool.configure([b]).removed, ['a']);
    assert.throws(() => pool.require('a'), /No provider "a" is configured; configured: b/);
    pool.dispose();
  });

  it('reports bad entries without dropping the good ones', () => {
    const pool = new ProviderPool(createProviderFactory(), deps);
    const changes = pool.configure([
      { id: 'ok', kind: 'openai' },
      { id: 'bad', kind: 'nope' },
      { id: 'ok', kind: 'anthropic' },
    ]);
    assert.deepEqual(changes.created, ['ok']);
    assert.deepEqual(changes.errors.map((e) => e.id), ['bad', 'ok']);
    assert.match(changes.errors[0]!.message, /known kinds/);
    assert.equal(pool.get('bad'), undefined);
    assert.equal(pool.require('ok').config.kind, 'openai');
  });

  it('reuses one client, and so its keep-alive connection, across calls', async () => {
    const pool = new ProviderPool(createProviderFactory(), deps);
    pool.configure([{ id: 'o', kind: 'openai', baseUrl: `${server.url}/v1` }]);
    server.setDefault(json(openaiChat({ text: 'x' })));
    for (let i = 0; i < 8; i++) await pool.require('o').chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    const ports = new Set(server.requests.map((r) => r.remotePort));
    assert.equal(server.requestCount, 8);
    // undici may alternate between pooled sockets, but does not open one per call.
    assert.ok(ports.size < server.requestCount / 2, `8 sequential calls used ${ports.size} connections`);
  });
});
