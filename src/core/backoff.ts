// Retry pacing shared by anything that reconnects or retries (today the MCP reconnect loop).

/** Exponential backoff with jitter: base·2^attempt capped at `maxMs`, then scaled by 50–100 %. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(exp * (0.5 + random() * 0.5));
}
