import * as assert from 'node:assert/strict';
import { idTime, newId } from '../../../src/core/ids';

describe('newId', () => {
  it('is time-ordered and decodes its time', () => {
    const a = newId(1_700_000_000_000);
    const b = newId(1_700_000_000_000);
    const c = newId(1_700_000_000_001);
    assert.ok(a < b && b < c, `${a} < ${b} < ${c}`);
    assert.equal(idTime(a), 1_700_000_000_000);
    assert.equal(a.length, 24);
  });

  it('never repeats within a burst', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(newId());
    assert.equal(seen.size, 10_000);
  });
});
