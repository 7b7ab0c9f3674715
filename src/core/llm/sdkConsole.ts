// The Anthropic SDK writes some warnings with console.warn instead of through its `logger` option:
// "model X is deprecated" on every request for that model (and one about thinking settings).
// They belong in Switchboard's log, once each. The SDK writes them in the synchronous start of
// messages.create, so console.warn is borrowed for exactly that call: no other code (another
// extension's included) can run in between, and the console is back before anything is awaited.
import { format } from 'node:util';
import type { Logger } from '../log';

/** What each logger has been told already: a message repeats per request, the log hears it once. */
const told = new WeakMap<Logger, Set<string>>();

/** Runs `start` with whatever it writes to console.warn passed to `logger.warn`, each message once per logger. */
export function withSdkWarningsLogged<T>(logger: Logger, source: string, start: () => T): T {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    const message = format(...args);
    let said = told.get(logger);
    if (!said) told.set(logger, (said = new Set()));
    if (said.has(message)) return;
    said.add(message);
    logger.warn(`${source}: ${message}`);
  };
  try {
    return start();
  } finally {
    console.warn = original;
  }
}
