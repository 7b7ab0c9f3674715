// Prices calls with @pydantic/genai-prices' bundled data (no network) and the user's per-model
// overrides. Unknown models are unpriced (null), never $0: a zero would silently under-report.
import { createHash } from 'node:crypto';
import { calcPrice } from '@pydantic/genai-prices';
import type { Usage } from '../llm/types';
import type { PriceOverride, PriceOverrides } from './priceOverrides';
import type { CostCalculator } from './records';

export type { PriceOverride, PriceOverrides } from './priceOverrides';
export { parseOverrides } from './priceOverrides';

/**
 * The bundled price data's identity, stored with every priced row. Kept in step with the
 * installed package by a unit test (the package's exports hide its package.json from require).
 */
export const PRICE_DATA_VERSION = 'genai-prices@0.1.8';

export interface Price {
  usd: number | null;
  /** Which price data produced `usd`; null when unpriced. */
  version: string | null;
}

export class Pricing implements CostCalculator {
  private readonly overrideVersion: string;
  private readonly rates = new Map<string, Rates | 'exact' | null>();

  constructor(private readonly overrides: PriceOverrides = {}) {
    // Rows priced by overrides record which overrides, so a later change is visible per row.
    const digest = createHash('sha256').update(JSON.stringify(overrides)).digest('hex').slice(0, 12);
    this.overrideVersion = `overrides@${digest}`;
  }

  cost(providerKind: string, model: string, usage: Usage): number | null {
    return this.price(providerKind, model, usage).usd;
  }

  price(providerKind: string, model: string, usage: Usage, at?: number): Price {
    const override = Object.prototype.hasOwnProperty.call(this.overrides, model) ? this.overrides[model] : undefined;
    if (override) return { usd: overridePrice(override, usage), version: this.overrideVersion };
    const rates = this.ratesFor(providerKind, model);
    if (rates === null) return { usd: null, version: null };
    if (rates !== 'exact' && usage.inputTokens <= rates.maxInput) return { usd: linearPrice(rates, usage), version: PRICE_DATA_VERSION };
    return this.exact(providerKind, model, usage, at);
  }

  /**
   * genai-prices takes ~20 µs per call. For a model without time-of-day or dated prices, and
   * below its first input tier, the price is linear in the token counts: it is probed once per
   * model with genai-prices itself and then applied with the same arithmetic (tested equal).
   */
  private ratesFor(providerKind: string, model: string): Rates | 'exact' | null {
    const key = `${providerKind}\u0000${model}`;
    let rates = this.rates.get(key);
    if (rates === undefined) {
      rates = probeRates(providerKind, model);
      this.rates.set(key, rates);
    }
    return rates;
  }

  private exact(providerKind: string, model: string, usage: Usage, at?: number): Price {
    try {
      const result = calcPrice(genaiUsage(usage), model, { providerId: providerKind, ...(at === undefined ? {} : { timestamp: new Date(at) }) });
      if (!result || !Number.isFinite(result.total_price)) return { usd: null, version: null };
      return { usd: result.total_price, version: PRICE_DATA_VERSION };
    } catch {
      // Inconsistent usage (e.g. cache reads above input) cannot be priced honestly.
      return { usd: null, version: null };
    }
  }
}

/** genai-prices' usage keys; it counts ALL input in input_tokens, as our Usage does. */
function genaiUsage(u: Usage): Record<string, number> {
  return {
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    cache_read_tokens: u.cacheReadTokens,
    cache_write_tokens: u.cacheWriteTokens,
    cache_write_1h_tokens: u.cacheWrite1hTokens,
  };
}

/** USD per million tokens of each disjoint part of a call, plus a per-request price. */
interface Rates {
  /** Above this total input the tiered prices apply: priced exactly instead. */
  maxInput: number;
  request: number;
  uncachedInput: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

function probeRates(providerKind: string, model: string): Rates | 'exact' | null {
  const zero = calcPrice({ input_tokens: 0, output_tokens: 0 }, model, { providerId: providerKind });
  if (!zero) return null;
  if (Array.isArray(zero.model.prices)) return 'exact'; // prices that depend on the date or time of day
  // Tiered prices switch on the call's total input; below the first tier the base prices apply.
  let maxInput = Infinity;
  for (const v of Object.values(zero.model_price)) {
    if (v === undefined || typeof v === 'number') continue;
    if (!Array.isArray(v.tiers)) return 'exact';
    for (const t of v.tiers) maxInput = Math.min(maxInput, t.start);
  }
  const n = Math.min(1_000_000, maxInput);
  if (!(n >= 1000)) return 'exact';
  const per = (usage: Record<string, number>) => ((calcPrice(usage, model, { providerId: providerKind })?.total_price ?? NaN) - zero.total_price) * (1e6 / n);
  const rates: Rates = {
    maxInput,
    request: zero.total_price,
    uncachedInput: per({ input_tokens: n }),
    output: per({ output_tokens: n }),
    cacheRead: per({ input_tokens: n, cache_read_tokens: n }),
    cacheWrite5m: per({ input_tokens: n, cache_write_tokens: n }),
    cacheWrite1h: per({ input_tokens: n, cache_write_tokens: n, cache_write_1h_tokens: n }),
  };
  return Object.values(rates).every((x) => !Number.isNaN(x)) ? rates : 'exact';
}

function linearPrice(r: Rates, u: Usage): number | null {
  const uncached = u.inputTokens - u.cacheReadTokens - u.cacheWriteTokens;
  const cw5m = u.cacheWriteTokens - u.cacheWrite1hTokens;
  if (uncached < 0 || cw5m < 0) return null; // genai-prices rejects such usage too
  return (
    r.request +
    (uncached * r.uncachedInput) / 1e6 +
    (u.cacheReadTokens * r.cacheRead) / 1e6 +
    (cw5m * r.cacheWrite5m) / 1e6 +
    (u.cacheWrite1hTokens * r.cacheWrite1h) / 1e6 +
    (u.outputTokens * r.output) / 1e6
  );
}

function overridePrice(o: PriceOverride, u: Usage): number | null {
  const cacheRead = o.cacheRead ?? o.input;
  const cacheWrite = o.cacheWrite ?? o.input;
  const uncached = u.inputTokens - u.cacheReadTokens - u.cacheWriteTokens;
  if (uncached < 0 || ![o.input, o.output, cacheRead, cacheWrite].every((p) => Number.isFinite(p) && p >= 0)) return null;
  return (uncached * o.input + u.cacheReadTokens * cacheRead + u.cacheWriteTokens * cacheWrite + u.outputTokens * o.output) / 1e6;
}
