// The user's price overrides (`switchboard.pricing.overrides`), apart from the price data so
// settings code can read and validate them without loading the price table. (The host bundle
// does include genai-prices: the cache, agent runs and the session tally price calls there too.)

/** USD per million tokens; cache prices default to the input price when absent. */
export interface PriceOverride {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** `switchboard.pricing.overrides`: keyed by model id as sent to the provider. */
export type PriceOverrides = Readonly<Record<string, PriceOverride>>;

/** Validates the raw setting value, dropping malformed entries rather than failing the ledger. */
export function parseOverrides(raw: unknown): PriceOverrides {
  const out: Record<string, PriceOverride> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [model, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : undefined);
    const input = num(o.input);
    const output = num(o.output);
    if (input === undefined || output === undefined) continue;
    const cacheRead = num(o.cacheRead);
    const cacheWrite = num(o.cacheWrite);
    out[model] = { input, output, ...(cacheRead === undefined ? {} : { cacheRead }), ...(cacheWrite === undefined ? {} : { cacheWrite }) };
  }
  return out;
}
