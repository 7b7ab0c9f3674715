// A separate process writing to a ledger, for the durability tests:
//   node ledgerChild.js <dir> <count> kill   records, prints "recorded <n>", then waits to be SIGKILLed
//   node ledgerChild.js <dir> <count> close  records with a checkpoint now and then, closes, prints "closed"
import { newId } from '../../../../src/core/ids';
import { UsageLedger } from '../../../../src/core/usage/ledger';
import { call, wasmPath } from './helpers';

async function main(): Promise<void> {
  const [dir, countArg, mode] = process.argv.slice(2);
  const count = Number(countArg);
  const ledger = new UsageLedger({ dir: dir!, wasmPath, checkpointIntervalMs: 200 });
  const prefix = newId();
  for (let i = 0; i < count; i++) {
    ledger.recordCall(call({ model: `model-${i % 7}`, usage: { inputTokens: i } }));
    // Interleave with the event loop so checkpoints run while the other writer is busy too.
    if (mode === 'close' && i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  if (mode === 'kill') {
    process.stdout.write(`recorded ${count} ${prefix}\n`);
    setInterval(() => undefined, 1000); // stay alive until killed
    return;
  }
  await ledger.close();
  process.stdout.write('closed\n');
}

void main();
