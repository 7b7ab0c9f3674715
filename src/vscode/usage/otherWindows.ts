// Other windows' records arrive through the shared ledger folder, not through this window's
// hub: a slow poll of the ledger's row counts notices them.
import type { Disposable } from '../../core/lifecycle';
import { errorMessage } from '../../core/errorMessage';
import type { UsageLedger } from '../../core/usage/ledger';
import type { Clock } from '../ports';

const POLL_MS = 3000;

/** Calls `changed` whenever the ledger's row count moves between polls; dispose to stop. */
export function watchOtherWindows(
  ledger: () => UsageLedger,
  clock: Clock,
  changed: () => void,
  log: { debug(message: string): void },
): Disposable {
  let lastCount = -1;
  const check = async () => {
    try {
      const counts = await ledger().query({ q: 'counts' });
      const n = counts.calls + counts.toolCalls + counts.executions;
      if (lastCount >= 0 && n !== lastCount) changed();
      lastCount = n;
    } catch (err) {
      log.debug(`usage poll: ${errorMessage(err)}`);
    }
  };
  return clock.setInterval(() => void check(), POLL_MS);
}
