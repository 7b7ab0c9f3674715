// A Switchboard window in its own process, for the team ledger tests:
//   node shipperChild.js <dir> <url> <password> <member> <count> ship   records, ships everything, prints sums as JSON
//   node shipperChild.js <dir> <url> <password> <member> <count> kill   records, ships, prints "shipping" after the
//                                                                       first batch and waits to be SIGKILLed
import { UsageLedger } from '../../../../src/core/usage/ledger';
import { wasmPath } from '../usage/helpers';
import { drained, localSums, recordWork, shipperFor } from './helpers';

async function main(): Promise<void> {
  const [dir, url, password, member, countArg, mode] = process.argv.slice(2) as [string, string, string, string, string, string];
  const ledger = new UsageLedger({ dir, wasmPath, checkpointIntervalMs: 500 });
  recordWork(ledger, Number(countArg));
  const shipper = shipperFor(ledger, dir, url, password, { identity: { member, project: 'proj', machine: member }, batchSize: mode === 'kill' ? 1000 : 5000 });
  shipper.start();
  if (mode === 'kill') {
    while (shipper.state.shipped === 0) await new Promise((r) => setTimeout(r, 2));
    process.stdout.write('shipping\n');
    setInterval(() => undefined, 1000);
    return;
  }
  await drained(shipper);
  await shipper.stop();
  const sums = await localSums(ledger);
  await ledger.close();
  process.stdout.write(`${JSON.stringify(sums)}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
