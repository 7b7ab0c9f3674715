// Mocha reporter: the usual spec output, plus the run's counts written as JSON to
// $SWITCHBOARD_TEST_SUMMARY so scripts/test-all.mjs can sum every tier.
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.SWITCHBOARD_TEST_SUMMARY;
      if (!file) return;
      const { passes = 0, failures = 0, pending = 0 } = this.stats;
      writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, skipped: pending }));
    });
  }
}

module.exports = SummaryReporter;
