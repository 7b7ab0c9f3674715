// Entry point the extension host loads (`extensionTestsPath`): runs every *.test.js beside
// this file with mocha's tdd UI and writes the counts for scripts/test-all.mjs.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // SWITCHBOARD_TEST_GREP runs only the tests whose full title matches (while working on one).
  const grep = process.env.SWITCHBOARD_TEST_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const summaryFile = process.env.SWITCHBOARD_TEST_SUMMARY;
      if (summaryFile) {
        const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
        writeFileSync(summaryFile, JSON.stringify({ passed: passes, failed, skipped: pending }));
      }
      if (failures > 0) reject(new Error(`${failures} host test(s) failed`));
      else resolve();
    });
  });
}
