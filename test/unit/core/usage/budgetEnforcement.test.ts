import * as assert from 'node:assert/strict';
import { budgetRefusal, budgetUse } from '../../../../src/core/usage/budget';
import { call, ledgerPerTest, wholeDay } from './helpers';

describe('budget enforcement', () => {
  const now = new Date(2026, 10, 27, 12);

  it('refuses only under block, and only at 100 % of a budget', () => {
    const over = budgetUse({ daily: 5 }, { todayUsd: 5, monthUsd: 5 }, now);
    assert.equal(budgetRefusal('warn', over), undefined);
    assert.equal(budgetRefusal('block', budgetUse({ daily: 5 }, { todayUsd: 4.99, monthUsd: 5 }, now)), undefined);
    const refusal = budgetRefusal('block', over);
    assert.equal(refusal?.use.period, 'daily');
    assert.match(refusal!.message, /daily budget of \$5\.00 is reached \(\$5\.00 spent today\)/);
  });

  it('names the workspace budget when that is the one reached', () => {
    const uses = budgetUse({ daily: 50, monthly: 500, workspaceMonthly: 20 }, { todayUsd: 10, monthUsd: 100, workspaceMonthUsd: 21.5 }, now);
    assert.deepEqual(uses.map((u) => [u.period, u.level]), [['daily', 'ok'], ['monthly', 'ok'], ['workspace', 'error']]);
    const refusal = budgetRefusal('block', uses);
    assert.equal(refusal?.use.period, 'workspace');
    assert.match(refusal!.message, /this workspace's monthly budget of \$20\.00 is reached \(\$21\.50 spent in this workspace this month\)/);
  });
});

describe('workspace spend in the ledger', () => {
  const t = ledgerPerTest();

  it('sums the priced spend of one workspace, and of all', async () => {
    const ledger = t.open();
    ledger.recordCall(call({ workspace: 'alpha' }));
    ledger.recordCall(call({ workspace: 'alpha' }));
    ledger.recordCall(call({ workspace: 'beta' }));
    ledger.recordCall(call());
    const one = (await ledger.query({ q: 'totals', range: wholeDay(), groupBy: 'model' }))[0]!.costUsd / 4;
    const alpha = await ledger.query({ q: 'spend', range: wholeDay(), workspace: 'alpha' });
    const all = await ledger.query({ q: 'spend', range: wholeDay() });
    const none = await ledger.query({ q: 'spend', range: wholeDay(), workspace: 'gamma' });
    assert.ok(one > 0);
    assert.equal(alpha.costUsd.toFixed(9), (2 * one).toFixed(9));
    assert.equal(all.costUsd.toFixed(9), (4 * one).toFixed(9));
    assert.equal(none.costUsd, 0);
  });
});
