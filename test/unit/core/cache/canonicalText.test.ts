import * as assert from 'node:assert/strict';
import { canonicalJson, snapshotJson, unchanged } from '../../../../src/core/cache/canonicalText';

/** The reference: JSON.stringify with a key-sorting replacer that copies every object. */
function oracle(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = (v as Record<string, unknown>)[k];
      return out;
    }) ?? 'null'
  );
}

const samples: unknown[] = [
  null,
  undefined,
  'text with "quotes", \\ and \u2028 and émoji 🎉',
  -0,
  1.5e300,
  Number.NaN,
  true,
  [],
  {},
  [1, 'two', null, undefined, () => 3, { b: 1, a: 2 }],
  { z: undefined, y: () => 1, x: Symbol('s'), w: 'kept' },
  { when: new Date(1_700_000_000_000), nested: { toJSON: () => ({ b: 2, a: 1 }) } },
  { b: { d: [3, { z: 1, y: [{ q: 'deep', p: 'er' }] }], c: null }, a: 'first', Ä: 'non-ascii key', '': 'empty key' },
  // The replacer sees boxed primitives as objects; with or without a snapshot the text must agree.
  { s: new String('ab'), n: new Number(3), b: new Boolean(false) },
];

describe('canonicalJson and snapshots', () => {
  samples.forEach((sample, i) => {
    it(`matches JSON.stringify with sorted keys, with or without a snapshot (sample ${i})`, () => {
      assert.equal(canonicalJson(sample), oracle(sample));
      assert.equal(snapshotJson(sample).text, oracle(sample));
    });
  });

  it('a snapshot sees any change, however deep, and nothing else', () => {
    const message = { role: 'user', content: [{ type: 'text', text: 'hello' }, { type: 'image', data: 'AAAA' }] };
    const request = { model: 'm', messages: [message], extra: { a: { b: { c: 1 } } } };
    const changes: (() => void)[] = [
      () => ((message.content[1] as { data: string }).data = 'BBBB'),
      () => (request.extra.a.b.c = 2),
      () => request.messages.push({ role: 'assistant', content: [{ type: 'text', text: 'hi' }] }),
      () => ((request.extra as Record<string, unknown>)['added'] = true),
      () => delete (request.extra as Record<string, unknown>)['added'],
      () => request.messages.pop(),
      () => (message.content = [{ type: 'text', text: 'hello' }, { type: 'image', data: 'BBBB' }]),
      () => ((message.content[0] as Record<string, unknown>)['text'] = undefined),
    ];
    for (const change of changes) {
      const before = snapshotJson(request);
      assert.ok(unchanged(before.nodes), 'nothing changed yet');
      change();
      assert.ok(!unchanged(before.nodes), `missed: ${change.toString()}`);
    }
  });

  it('an equal string rebuilt in place is no change', () => {
    const a = { b: 'x'.repeat(10) };
    const { nodes } = snapshotJson(a);
    a.b = 'x'.repeat(5) + 'x'.repeat(5);
    assert.ok(unchanged(nodes));
  });

  it('reads a getter once per snapshot and sees it change', () => {
    let current = 1;
    const live = {
      get count() {
        return current;
      },
    };
    const snapshot = snapshotJson(live);
    assert.equal(snapshot.text, '{"count":1}');
    assert.ok(unchanged(snapshot.nodes));
    current = 2;
    assert.ok(!unchanged(snapshot.nodes));
  });

  it('cannot vouch for values made by toJSON (a Date changes in place)', () => {
    assert.equal(snapshotJson({ when: new Date(0) }).complete, false);
    assert.equal(snapshotJson({ plain: [1, { a: 'b' }] }).complete, true);
  });

  it('rejects circular structures and BigInt with a TypeError, as JSON.stringify does', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop['self'] = loop;
    assert.throws(() => canonicalJson(loop), TypeError);
    assert.throws(() => snapshotJson(loop), TypeError);
    assert.throws(() => snapshotJson({ n: 1n }), TypeError);
  });
});
