// `npm test`: type-check, lint, then every test tier; ends with one line that sums them:
// "N passed, N failed". Exits non-zero if any step fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const only = process.env.SWITCHBOARD_TIERS?.split(',');
const scratch = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
let passed = 0;
let failed = 0;
let broken = false;

function step(name, cmd, args, env = {}) {
  console.log(`\n━━ ${name} ━━`);
  const summary = join(scratch, `${name}.json`);
  const run = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env, SWITCHBOARD_TEST_SUMMARY: summary } });
  if (existsSync(summary)) {
    const s = JSON.parse(readFileSync(summary, 'utf8'));
    passed += s.passed;
    failed += s.failed;
    console.log(`━━ ${name}: ${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`);
  }
  if (run.status !== 0) {
    broken = true;
    console.log(`━━ ${name} exited with ${run.status ?? run.signal}`);
  }
}

const want = (tier) => !only || only.includes(tier);
// tsc never deletes what it wrote before: a test file removed from test/ would still run from out/.
rmSync(join(process.cwd(), 'out'), { recursive: true, force: true });
step('typecheck', npx, ['tsc', '-p', '.']);
if (!broken) step('typecheck webviews', npx, ['tsc', '-p', 'media']);
if (want('lint')) step('lint', npx, ['eslint', 'src', 'test', 'bench', 'media']);
if (want('lint')) step('boundaries', npx, ['depcruise', 'src', 'media', '--config', '.dependency-cruiser.cjs']);
if (!broken && want('unit')) step('unit', npx, ['mocha', '--reporter', './scripts/summary-reporter.cjs']);
if (!broken && (want('host') || want('ui'))) step('build', process.execPath, ['esbuild.mjs']);
if (!broken && want('host')) step('host', process.execPath, ['scripts/vscode/run-host-tests.mjs']);
if (!broken && want('ui')) step('ui', process.execPath, ['scripts/vscode/run-ui-tests.mjs']);

rmSync(scratch, { recursive: true, force: true });
if (broken && failed === 0) failed = 1; // a step that broke without counting still fails the run
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed ? 1 : 0);
