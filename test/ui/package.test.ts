// The release artifact: `npm run package` makes a .vsix that VS Code installs and activates.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, projectRoot, type Workbench } from './harness';

describe('packaged .vsix', function () {
  let wb: Workbench | undefined;
  const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const vsix = join(projectRoot, `switchboard-${version}.vsix`);

  after(async function () {
    await wb?.close();
    // Leave a development build behind for the tiers that load the working tree.
    spawnSync(process.execPath, ['esbuild.mjs'], { cwd: projectRoot, stdio: 'inherit' });
  });

  it('is built by `npm run package` and stays under 3 MB', function () {
    const run = spawnSync('npm', ['run', 'package'], { cwd: projectRoot, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const size = statSync(vsix).size;
    console.log(`      ${vsix}: ${(size / 1024).toFixed(0)} KB`);
    assert.ok(size < 3 * 1024 * 1024, `${size} bytes`);
    // What the package holds: the bundles, wasm, styles and walkthrough; no sources, no sourcemaps.
    const ls = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: projectRoot, encoding: 'utf8' });
    const files = ls.stdout.split('\n').filter(Boolean);
    for (const f of ['dist/extension.js', 'dist/ledgerWorker.js', 'dist/sql-wasm.wasm', 'dist/webview/dashboard.js', 'media/css/webview.css', 'media/walkthrough/setKey.md']) {
      assert.ok(files.includes(f), `${f} missing from the package: ${files.join(', ')}`);
    }
    assert.deepEqual(files.filter((f) => /\.(ts|map)$/.test(f) || f.startsWith('src/') || f.startsWith('test/')), []);
  });

  it('installs with --install-extension and activates', async function () {
    wb = await openWorkbench({ vsix });
    await wb.page.locator('.activitybar [aria-label^="Switchboard"]').first().click();
    await wb.page.locator('.part.sidebar .composite.title .title-label', { hasText: 'MCP Tools' }).waitFor();
    // The status-bar item exists only once activate() has run.
    await wb.statusItem('switchboard.costMeter').waitFor();
    await wb.screenshot('package-installed-vsix');
  });
});
