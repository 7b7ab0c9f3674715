import * as assert from 'node:assert/strict';
import { ClientKeyStore } from '../../../../src/core/gateway/clientKeys';
import type { SecretSlot } from '../../../../src/core/gateway/types';

function memorySlot(): SecretSlot & { value: string | undefined } {
  return {
    value: undefined,
    async read() {
      return this.value;
    },
    async write(v: string) {
      this.value = v;
    },
  };
}

describe('gateway client keys', () => {
  it('a created key verifies as its client; the slot holds only a hash', async () => {
    const slot = memorySlot();
    const store = new ClientKeyStore(slot);
    const { key, client } = await store.create('claude-code');
    assert.match(key, /^sb-[A-Za-z0-9_-]{40,}$/);
    assert.deepEqual(await store.verify(key), { name: 'claude-code', keyId: client.keyId });
    assert.ok(slot.value && !slot.value.includes(key.slice(3)), 'the key itself is never stored');
    // A second store over the same slot (a restart) still verifies it.
    assert.equal((await new ClientKeyStore(slot).verify(key))?.name, 'claude-code');
  });

  it('unknown, empty and near-miss keys do not verify', async () => {
    const store = new ClientKeyStore(memorySlot());
    const { key } = await store.create('cline');
    assert.equal(await store.verify(''), undefined);
    assert.equal(await store.verify('sb-nope'), undefined);
    assert.equal(await store.verify(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A')), undefined);
  });

  it('a revoked key fails at once, others keep working', async () => {
    const store = new ClientKeyStore(memorySlot());
    const a = await store.create('a');
    const b = await store.create('b');
    assert.equal(await store.revoke(a.client.keyId), true);
    assert.equal(await store.verify(a.key), undefined);
    assert.equal((await store.verify(b.key))?.name, 'b');
    assert.equal(await store.revoke('b'), true);
    assert.equal(await store.revoke('b'), false);
    assert.deepEqual(await store.list(), []);
  });

  it('refuses bad and duplicate names and loses nothing', async () => {
    const store = new ClientKeyStore(memorySlot());
    await assert.rejects(store.create(' '), /not valid/);
    await assert.rejects(store.create('x'.repeat(65)), /not valid/);
    await store.create('aider');
    await assert.rejects(store.create('aider'), /already has a key/);
    assert.deepEqual((await store.list()).map((c) => c.name), ['aider']);
  });

  it('two creates at once both persist', async () => {
    const slot = memorySlot();
    const store = new ClientKeyStore(slot);
    await Promise.all([store.create('one'), store.create('two')]);
    assert.deepEqual((await new ClientKeyStore(slot).list()).map((c) => c.name).sort(), ['one', 'two']);
  });
});
