import * as assert from 'node:assert/strict';
import { DisposableStore, Emitter, toDisposable } from '../../../src/core/lifecycle';
import { errorMessage } from '../../../src/core/errorMessage';

describe('lifecycle kit', () => {
  it('an emitter delivers to every subscriber, survives a throwing one, and stops after unsubscribe', () => {
    const e = new Emitter<number>();
    const seen: number[] = [];
    const a = e.event((n) => seen.push(n));
    e.event(() => {
      throw new Error('faulty');
    });
    const b = e.event((n) => seen.push(n * 10));
    e.fire(1);
    a.dispose();
    a.dispose();
    e.fire(2);
    b.dispose();
    e.fire(3);
    assert.deepEqual(seen, [1, 10, 20]);
  });

  it('the same listener subscribed twice is two subscriptions', () => {
    const e = new Emitter<void>();
    let n = 0;
    const f = () => n++;
    const first = e.event(f);
    e.event(f);
    first.dispose();
    e.fire();
    assert.equal(n, 1);
  });

  it('a store disposes newest first, once, and disposes late additions at once', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('first')));
    store.add(toDisposable(() => order.push('second')));
    store.dispose();
    store.dispose();
    store.add(toDisposable(() => order.push('late')));
    assert.deepEqual(order, ['second', 'first', 'late']);
    assert.equal(store.isDisposed, true);
  });

  it('a store disposes everything even when one throws, then reports it', () => {
    let disposed = 0;
    const store = new DisposableStore();
    store.add(toDisposable(() => disposed++));
    store.add(toDisposable(() => {
      throw new Error('boom');
    }));
    store.add(toDisposable(() => disposed++));
    assert.throws(() => store.dispose(), /boom/);
    assert.equal(disposed, 2);
  });

  it('errorMessage turns any thrown value into text', () => {
    assert.equal(errorMessage(new Error('bad')), 'bad');
    assert.equal(errorMessage(new TypeError('')), 'TypeError');
    assert.equal(errorMessage('plain'), 'plain');
    assert.equal(errorMessage({ code: 5 }), '{"code":5}');
    assert.equal(errorMessage(undefined), 'undefined');
  });
});
