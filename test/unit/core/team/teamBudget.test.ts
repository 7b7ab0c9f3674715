// Team budgets: the team database's month against the member's and the project's budgets, as
// the same BudgetUses (levels, one notification per threshold) as local budgets.
import * as assert from 'node:assert/strict';
import { teamBudgetUse } from '../../../../src/core/team/teamBudget';
import { budgetRefusal, newCrossings } from '../../../../src/core/usage/budget';

describe('team budgets', () => {
  const spent = { memberUsd: 45, projectUsd: 120, month: '2026-12' };

  it('uses only the budgets set, at the levels local budgets use', () => {
    assert.deepEqual(teamBudgetUse({ memberMonthly: 0, projectMonthly: 0 }, spent), []);
    const uses = teamBudgetUse({ memberMonthly: 50, projectMonthly: 100 }, spent);
    assert.deepEqual(uses.map((u) => [u.period, u.periodKey, u.level, u.fraction]), [
      ['teamMember', '2026-12', 'warning', 0.9],
      ['teamProject', '2026-12', 'error', 1.2],
    ]);
  });

  it('notifies each team threshold once per month, apart from local budgets', () => {
    const seen = new Set<string>(['monthly:2026-12:80']);
    const uses = teamBudgetUse({ memberMonthly: 50, projectMonthly: 100 }, spent);
    assert.equal(newCrossings(uses, seen).length, 2);
    assert.equal(newCrossings(uses, seen).length, 0);
    assert.equal(newCrossings(teamBudgetUse({ memberMonthly: 50, projectMonthly: 0 }, { ...spent, month: '2027-01' }), seen).length, 1);
  });

  it('refuses under block enforcement like a local budget, naming the team budget and its spend', () => {
    const uses = teamBudgetUse({ memberMonthly: 40, projectMonthly: 500 }, spent);
    assert.equal(budgetRefusal('warn', uses), undefined);
    const refusal = budgetRefusal('block', uses)!;
    assert.equal(refusal.use.period, 'teamMember');
    assert.match(refusal.message, /your team monthly budget \(every machine\) of \$40\.00 is reached \(\$45\.00 spent by you this month on every machine\)/);
    assert.equal(budgetRefusal('block', teamBudgetUse({ memberMonthly: 50, projectMonthly: 500 }, spent)), undefined, '90 % only warns');
  });
});
