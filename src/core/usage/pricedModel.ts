// The one rule for which model prices a call, used by the ledger, the cache, agent runs and
// the host's session tally alike: the model the provider reports (exact, e.g. the dated
// snapshot behind an alias), falling back to the requested one when none was reported or the
// reported one has no price.
import type { Usage } from '../llm/types';
import type { CostCalculator } from './records';

export interface CallModels {
  /** The model the caller asked for. */
  model: string;
  /** The model the provider says answered, when it said. */
  responseModel?: string | null;
}

/** The models to price by, in order. */
export function pricingModels(call: CallModels): string[] {
  const reported = call.responseModel;
  return reported && reported !== call.model ? [reported, call.model] : [call.model];
}

/** The first price with a dollar figure, trying the models in `pricingModels` order (else the last one tried). */
export function priceByModel<P extends { usd: number | null }>(call: CallModels, price: (model: string) => P): P {
  const [first, ...fallbacks] = pricingModels(call);
  let result = price(first!);
  for (const model of fallbacks) {
    if (result.usd !== null) break;
    result = price(model);
  }
  return result;
}

/** `costs.cost` under the rule above; `null` when no candidate model has a price. */
export function callCost(costs: CostCalculator, providerKind: string, call: CallModels, usage: Usage): number | null {
  return priceByModel(call, (model) => ({ usd: costs.cost(providerKind, model, usage) })).usd;
}
