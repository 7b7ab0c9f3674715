import * as assert from 'node:assert/strict';
import { dayKey, daysOf, parseDayRange, rangeFor } from '../../../../src/core/usage/periods';

describe('periods', () => {
  const now = new Date(2026, 10, 27, 15, 30).getTime(); // 27 Nov 2026, 15:30 local

  it('today runs from local midnight to the next', () => {
    const r = rangeFor({ kind: 'today' }, now);
    assert.equal(r.from, new Date(2026, 10, 27).getTime());
    assert.equal(r.to, new Date(2026, 10, 28).getTime());
    assert.deepEqual(daysOf(r), ['2026-11-27']);
  });

  it('7 and 30 days include today', () => {
    assert.equal(daysOf(rangeFor({ kind: '7d' }, now)).length, 7);
    const thirty = daysOf(rangeFor({ kind: '30d' }, now));
    assert.deepEqual([thirty.length, thirty[0], thirty.at(-1)], [30, '2026-10-29', '2026-11-27']);
  });

  it('this month starts on the 1st', () => {
    const days = daysOf(rangeFor({ kind: 'month' }, now));
    assert.deepEqual([days[0], days.length], ['2026-11-01', 27]);
  });

  it('custom ranges are inclusive and may be given backwards', () => {
    const r = rangeFor({ kind: 'custom', from: '2026-02-28', to: '2026-02-01' }, now);
    assert.deepEqual([dayKey(r.from), daysOf(r).length, r.label], ['2026-02-01', 28, '2026-02-01 – 2026-02-28']);
  });

  it('rejects a malformed custom date', () => {
    assert.throws(() => rangeFor({ kind: 'custom', from: '2026-2-1', to: '2026-02-03' }, now), /not a date/);
  });

  it('all time starts at the epoch', () => {
    assert.deepEqual([rangeFor({ kind: 'all' }, now).from, rangeFor({ kind: 'all' }, now).to], [0, new Date(2026, 10, 28).getTime()]);
  });

  it('parses an inclusive custom day range and rejects nonsense', () => {
    assert.deepEqual(parseDayRange('2026-11-01..2026-11-03'), { kind: 'custom', from: '2026-11-01', to: '2026-11-03' });
    assert.deepEqual(parseDayRange(' 2026-11-01 to 2026-11-03 '), { kind: 'custom', from: '2026-11-01', to: '2026-11-03' });
    assert.equal(parseDayRange('2026-02-30..2026-03-01'), undefined);
    assert.equal(parseDayRange('2026-11-05..2026-11-01'), undefined);
    assert.equal(parseDayRange('yesterday'), undefined);
  });
});
