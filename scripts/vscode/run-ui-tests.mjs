// Tier 3: Playwright drives the workbench in headless Chromium (test/ui/**, mocha BDD in
// plain Node). Installs the VS Code server first, so the tests' own hooks start quickly.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstalled } from './install.mjs';
import { projectRoot } from './launch.mjs';

try {
  ensureInstalled();
} catch (err) {
  console.error(`[install] ${err.message}`);
  process.exit(1);
}
mkdirSync(join(projectRoot, 'test-results', 'screenshots'), { recursive: true });
const mocha = join(projectRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
const run = spawnSync(process.execPath, [mocha, '--config', '.mocharc.ui.json', '--reporter', './scripts/summary-reporter.cjs'], {
  cwd: projectRoot,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
