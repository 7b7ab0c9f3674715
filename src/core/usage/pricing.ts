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
  private readonly memo = new Map<string, Price>();

  constructor(private readonly overrides: PriceOverrides = {}) {
    // Rows priced by overrides record which overrides, so a later change is visible per row.
    const digest = createHash('sha256').update(JSON.stringify(overrides)).digest('hex').slice(0, 12);
    this.overrideVersion = `overrides@${digest}`;
  }

  cost(providerKind: string, model: string, usage: Usage): number | null {
    return this.price(providerKind, model, usage).usd;
  }

  /**
   * genai-prices takes ~20 µs per call; identical usage at the same minute (cache hits, retries,
   * replays) is answered from a small memo instead.
   */
  price(providerKind: string, model: string, usage: Usage, at?: number): Price {
    const key = `${providerKind}|${model}|${usage.inputTokens}|${usage.outputTokens}|${usage.cacheReadTokens}|${usage.cacheWriteTokens}|${usage.cacheWrite1hTokens}|${at === undefined ? '' : Math.floor(at / 60_000)}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const price = this.compute(providerKind, model, usage, at);
    if (this.memo.size >= 4096) this.memo.clear();
    this.memo.set(key, price);
    return price;
  }

  private compute(providerKind: string, model: string, usage: Usage, at?: number): Price {
    const override = Object.prototype.hasOwnProperty.call(this.overrides, model) ? this.overrides[model] : undefined;
    if (override) return { usd: overridePrice(override, usage), version: this.overrideVersion };
    try {
      const result = calcPrice(
        {
          // genai-prices counts ALL input in input_tokens, as our Usage does.
          input_tokens: usage.inputTokens,
          output_tokens: usage.outputTokens,
          cache_read_tokens: usage.cacheReadTokens,
          cache_write_tokens: usage.cacheWriteTokens,
          cache_write_1h_tokens: usage.cacheWrite1hTokens,
        },
        model,
        { providerId: providerKind, ...(at === undefined ? {} : { timestamp: new Date(at) }) },
      );
      if (!result || !Number.isFinite(result.total_price)) return { usd: null, version: null };
      return { usd: result.total_price, version: PRICE_DATA_VERSION };
    } catch {
      // Inconsistent usage (e.g. cache reads above input) cannot be priced honestly.
      return { usd: null, version: null };
    }
  }
}

function overridePrice(o: PriceOverride, u: Usage): number | null {
  const cacheRead = o.cacheRead ?? o.input;
  const cacheWrite = o.cacheWrite ?? o.input;
  const uncached = u.inputTokens - u.cacheReadTokens - u.cacheWriteTokens;
  if (uncached < 0 || ![o.input, o.output, cacheRead, cacheWrite].every((p) => Number.isFinite(p) && p >= 0)) return null;
  return (uncached * o.input + u.cacheReadTokens * cacheRead + u.cacheWriteTokens * cacheWrite + u.outputTokens * o.output) / 1e6;
}
