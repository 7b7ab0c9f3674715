import * as assert from 'node:assert/strict';
import { budgetUse, newCrossings, worstLevel } from '../../../../src/core/usage/budget';

describe('budgets', () => {
  const now = new Date(2026, 10, 27, 12);

  it('has no budget use when no budget is set', () => {
    assert.deepEqual(budgetUse({}, { todayUsd: 100, monthUsd: 100 }, now), []);
    assert.equal(worstLevel([]), 'ok');
  });

  it('warns at 80 % and errs at 100 %', () => {
    const levels = [0.79, 0.8, 0.99, 1, 2].map((f) => budgetUse({ daily: 10 }, { todayUsd: 10 * f, monthUsd: 0 }, now)[0]?.level);
    assert.deepEqual(levels, ['ok', 'warning', 'warning', 'error', 'error']);
  });

  it('takes the worst of the daily and monthly budgets', () => {
    const uses = budgetUse({ daily: 10, monthly: 100 }, { todayUsd: 1, monthUsd: 95 }, now);
    assert.deepEqual(uses.map((u) => [u.period, u.periodKey, u.level]), [['daily', '2026-11-27', 'ok'], ['monthly', '2026-11', 'warning']]);
    assert.equal(worstLevel(uses), 'warning');
  });

  it('announces each threshold once per period', () => {
    const seen = new Set<string>();
    const at = (todayUsd: number, when = now) => newCrossings(budgetUse({ daily: 10 }, { todayUsd, monthUsd: 0 }, when), seen).map((u) => u.level);
    assert.deepEqual(at(5), []);
    assert.deepEqual(at(8.5), ['warning']);
    assert.deepEqual(at(9), []); // still 80 %: already told
    assert.deepEqual(at(10.5), ['error']);
    assert.deepEqual(at(12), []);
    assert.deepEqual(at(9, new Date(2026, 10, 28, 9)), ['warning']); // a new day is a new period
  });

  it('a jump straight past 100 % is one notification, not two', () => {
    const seen = new Set<string>();
    assert.deepEqual(newCrossings(budgetUse({ daily: 10 }, { todayUsd: 20, monthUsd: 0 }, now), seen).length, 1);
    assert.deepEqual(newCrossings(budgetUse({ daily: 10 }, { todayUsd: 8, monthUsd: 0 }, now), seen).length, 0);
  });
});
