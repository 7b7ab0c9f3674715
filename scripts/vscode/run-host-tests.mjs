// Tier 2: runs out/test/host/index.js (mocha tdd) inside a real VS Code extension host.
// Default launcher: the VS Code server from the cache, driven by headless Chromium.
// SWITCHBOARD_VSCODE_LAUNCHER=electron uses @vscode/test-electron instead (needs internet to download VS Code).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { format } from 'node:util';
import { join, resolve } from 'node:path';
import { launchBrowser } from './browser.mjs';
import { startServer, workbenchUrl } from './server.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const testsPath = join(root, 'out', 'test', 'host', 'index');
const fixtureWorkspace = join(root, 'test', 'fixtures', 'workspace');
const timeoutMs = Number(process.env.SWITCHBOARD_HOST_TIMEOUT_MS ?? 600_000);

if (!existsSync(`${testsPath}.js`) || !existsSync(join(root, 'dist', 'extension.js'))) {
  console.error('out/test/host/index.js or dist/extension.js is missing: run `npx tsc -p . && node esbuild.mjs` first (npm test does).');
  process.exit(2);
}

const scratch = mkdtempSync(join(tmpdir(), 'switchboard-host-'));
const workspace = join(scratch, 'workspace');
cpSync(fixtureWorkspace, workspace, { recursive: true });
const summaryFile = process.env.SWITCHBOARD_TEST_SUMMARY ?? join(scratch, 'summary.json');
// Workbench chatter that says nothing about the suite (the gallery is unreachable here by design).
const NOISE = [
  /ENOTFOUND/, /^\s+at /, /^Creating a socket/, /^Resolv(ing|ed) connection token/, /^\[reconnection-grace-time\]/,
  /^\[Service Worker\]/, /^Updating additional builtin/, /^\[AgentHost/, /^\[AccountPolicyGate\]/,
];
const verbose = Boolean(process.env.SWITCHBOARD_VERBOSE);

const env = { SWITCHBOARD_TEST_SUMMARY: summaryFile, SWITCHBOARD_TEST_SCRATCH: scratch };

async function viaElectron() {
  const { runTests } = await import('@vscode/test-electron');
  Object.assign(process.env, env);
  return runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: testsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  }).then(() => 0, () => 1);
}

async function viaServer() {
  const server = await startServer({ dataDir: join(scratch, 'server'), env, testDriver: true });
  const browser = await launchBrowser();
  let settle;
  const exitCode = new Promise((r) => (settle = r));
  const timer = setTimeout(() => {
    console.error(`host tests did not finish within ${timeoutMs} ms`);
    settle(124);
  }, timeoutMs);
  try {
    await browser.page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (!verbose && NOISE.some((re) => re.test(text))) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await browser.page.exposeFunction('codeAutomationExit', (code) => settle(code));
    const url = workbenchUrl(server.base, { folder: workspace, extensionPath: root, extensionTestsPath: testsPath });
    await browser.page.goto(url);
    return await exitCode;
  } finally {
    clearTimeout(timer);
    await browser.close();
    await server.stop();
  }
}

let code;
try {
  code = process.env.SWITCHBOARD_VSCODE_LAUNCHER === 'electron' ? await viaElectron() : await viaServer();
} catch (err) {
  console.error(err.name === 'InstallError' ? `[install] ${err.message}` : `host tests could not run: ${err.stack ?? err}`);
  code = 1;
}
if (existsSync(summaryFile) && !process.env.SWITCHBOARD_TEST_SUMMARY) {
  const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
  console.log(`${s.passed} passed, ${s.failed} failed`);
}
if (code !== 0 && !existsSync(summaryFile)) writeFileSync(summaryFile, JSON.stringify({ passed: 0, failed: 1 }));
if (process.env.SWITCHBOARD_KEEP_SCRATCH) console.log(`scratch kept at ${scratch}`);
else rmSync(scratch, { recursive: true, force: true });
process.exit(code);
