// Connects through the ConnectServer port with the server's cached negotiation verdict, and
// keeps what each connect negotiated. A verdict that no longer holds costs one more connect
// (then it is learned afresh); a stdio server that exits on the probe is started again on the
// legacy handshake and remembered as legacy, so that happens once, not on every connect.
import { SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import type { PriorDiscovery } from '@modelcontextprotocol/client';
import { errorMessage } from '../errorMessage';
import type { ServerConfig } from './configTypes';
import type { ConnectHooks, ConnectServer, Connected } from './connection';
import type { VerdictBook } from './eraVerdicts';

export async function connectNegotiated(
  connect: ConnectServer,
  config: ServerConfig,
  hooks: ConnectHooks,
  book: VerdictBook | undefined,
  warn: (message: string) => void,
): Promise<Connected> {
  const prior = book?.prior(config);
  const attempt = async (p: PriorDiscovery | undefined, remembered: PriorDiscovery | undefined) => {
    const connected = await connect(config, { ...hooks, prior: p });
    book?.remember(config, connected.negotiated, remembered);
    if (connected.negotiated.listenError) warn(`tool list changes will not arrive: ${connected.negotiated.listenError}`);
    return p ? { ...connected, negotiated: { ...connected.negotiated, replayed: true } } : connected;
  };
  try {
    return await attempt(prior, prior);
  } catch (err) {
    if (hooks.signal?.aborted) throw err;
    if (prior) {
      book?.forget(config);
      warn(`connecting with the cached ${prior.kind}-era verdict failed (${errorMessage(err)}); negotiating afresh`);
      return attempt(undefined, undefined);
    }
    if (closedDuringProbe(err) && config.transport.type === 'stdio') {
      warn('the server exited on the version probe (a 2025-era server); starting it again for the 2025 handshake');
      return attempt({ kind: 'legacy' }, undefined);
    }
    throw err;
  }
}

/** The in-place probe's typed failure when the connection closed under it. */
function closedDuringProbe(err: unknown): boolean {
  return err instanceof SdkError && err.code === SdkErrorCode.EraNegotiationFailed && /connection closed during the server\/discover probe/.test(err.message);
}
