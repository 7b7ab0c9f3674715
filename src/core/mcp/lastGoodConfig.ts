// While a config file does not parse, its servers are unknown, not gone: the servers of the
// last version that parsed stay configured (and running) until the file is fixed or deleted.
import type { ParsedConfig } from './configParse';

export class LastGoodConfigs {
  private readonly good = new Map<string, ParsedConfig>();
  private seen = new Set<string>();

  /** `parsed` if it is good (and remembers it); for a broken file, the last good servers with the new problems. */
  take(file: string, parsed: ParsedConfig): ParsedConfig {
    this.seen.add(file);
    if (!parsed.broken) {
      this.good.set(file, parsed);
      return parsed;
    }
    const last = this.good.get(file);
    return last ? { ...parsed, servers: last.servers, inputs: last.inputs } : parsed;
  }

  /** Ends a read of every source: files not taken since the last call were deleted and are forgotten. */
  endRound(): void {
    for (const file of this.good.keys()) if (!this.seen.has(file)) this.good.delete(file);
    this.seen = new Set();
  }
}
