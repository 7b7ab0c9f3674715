import * as assert from 'node:assert/strict';
import { namedRange, parseDayRange } from '../../../../src/core/usage/ranges';

describe('usage ranges', () => {
  const now = new Date(2026, 10, 27, 13, 5); // 27 Nov 2026, 13:05 local

  it('names today, this month, the last 30 days and all time in local time', () => {
    assert.deepEqual(namedRange('today', now), { from: new Date(2026, 10, 27).getTime(), to: now.getTime() + 1 });
    assert.equal(namedRange('month', now).from, new Date(2026, 10, 1).getTime());
    assert.equal(namedRange('last30', now).from, new Date(2026, 10, 27).getTime() - 29 * 86_400_000);
    assert.equal(namedRange('all', now).from, 0);
  });

  it('parses an inclusive custom day range and rejects nonsense', () => {
    assert.deepEqual(parseDayRange('2026-11-01..2026-11-03'), { from: new Date(2026, 10, 1).getTime(), to: new Date(2026, 10, 4).getTime() });
    assert.equal(parseDayRange('2026-02-30..2026-03-01'), undefined);
    assert.equal(parseDayRange('2026-11-05..2026-11-01'), undefined);
    assert.equal(parseDayRange('yesterday'), undefined);
  });
});
