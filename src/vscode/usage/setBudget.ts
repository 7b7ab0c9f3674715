// "Switchboard: Set Budget": daily, monthly or this workspace's monthly, in USD; 0 removes it.
// Arguments skip the prompts.
import { BUDGET_NAMES, type Budgets } from '../../core/usage/budget';
import type { ConfigPort } from '../config';
import type { UiPrompts } from '../uiPrompts';

/** The local budgets this command sets (team budgets are `switchboard.team.budget.*`). */
type LocalPeriod = 'daily' | 'monthly' | 'workspace';
const SETTING: Record<LocalPeriod, keyof Budgets> = { daily: 'daily', monthly: 'monthly', workspace: 'workspaceMonthly' };

/** `hasWorkspace`: whether a folder is open (the workspace budget lives in its settings). */
export async function setBudget(config: ConfigPort, prompts: UiPrompts, hasWorkspace: boolean, period?: unknown, amount?: unknown): Promise<void> {
  const which =
    period === 'daily' || period === 'monthly' || (period === 'workspace' && hasWorkspace)
      ? (period as LocalPeriod)
      : (
          await prompts.pick(
            [
              { label: 'Daily budget', value: 'daily' as LocalPeriod },
              { label: 'Monthly budget', value: 'monthly' as LocalPeriod },
              ...(hasWorkspace ? [{ label: "This workspace's monthly budget", value: 'workspace' as LocalPeriod }] : []),
            ],
            { title: 'Switchboard: Set Budget' },
          )
        )?.value;
  if (!which) return;
  const text =
    typeof amount === 'number'
      ? String(amount)
      : await prompts.input({
          title: `Switchboard: ${BUDGET_NAMES[which].replace(/^your /, '')} in USD (0 for none)`,
          value: String(config.read().costMeter.budgets[SETTING[which]] ?? 0),
          validateInput: (v) => (/^\d+(\.\d+)?$/.test(v.trim()) ? undefined : 'Enter an amount in dollars, e.g. 5 or 12.50'),
        });
  if (text === undefined) return;
  await config.writeBudget(which, Number(text));
}
