// The one USD formatter for host text (cost meter, cache stats, logs). The webview pages keep
// their own copy in media/dom.ts because pages may import only types from src/.

/** Below a cent, four decimals, so a cheap call never shows as $0.00. */
const SMALL_AMOUNT_USD = 0.01;

export function formatUsd(usd: number | null | undefined, unpriced = 'unpriced'): string {
  if (usd === null || usd === undefined) return unpriced;
  if (usd !== 0 && Math.abs(usd) < SMALL_AMOUNT_USD) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}
