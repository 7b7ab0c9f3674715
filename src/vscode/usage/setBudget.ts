// "Switchboard: Set Budget": daily or monthly, in USD; 0 removes it. Arguments skip the prompts.
import type { ConfigPort } from '../config';
import type { UiPrompts } from '../uiPrompts';

export async function setBudget(config: ConfigPort, prompts: UiPrompts, period?: unknown, amount?: unknown): Promise<void> {
  const which =
    period === 'daily' || period === 'monthly'
      ? period
      : (
          await prompts.pick(
            [
              { label: 'Daily budget', value: 'daily' as const },
              { label: 'Monthly budget', value: 'monthly' as const },
            ],
            { title: 'Switchboard: Set Budget' },
          )
        )?.value;
  if (!which) return;
  const text =
    typeof amount === 'number'
      ? String(amount)
      : await prompts.input({
          title: `Switchboard: ${which} budget in USD (0 for none)`,
          value: String(config.read().costMeter.budgets[which] ?? 0),
          validateInput: (v) => (/^\d+(\.\d+)?$/.test(v.trim()) ? undefined : 'Enter an amount in dollars, e.g. 5 or 12.50'),
        });
  if (text === undefined) return;
  await config.writeBudget(which, Number(text));
}
