// Starts the VS Code server from the cache on a free loopback port and stops it by PID.
// Shared by the host tests, the UI tests and `npm start`, so all three run the same way.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ensureInstalled } from './install.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'update.mode': 'none',
  'git.openRepositoryInParentFolders': 'never',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

async function waitForHttp(url, timeoutMs, exited) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('the VS Code server exited during start-up (see its log)');
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the VS Code server did not answer at ${url} within ${timeoutMs} ms`);
}

/**
 * Starts a server. `dataDir` holds its user data and logs; `settings` are merged over the quiet
 * defaults; `trust: false` leaves workspace trust on. `testDriver: true` lets the workbench run a
 * test suite named in its URL (the host tier); it also hides every notification toast, so
 * nothing else turns it on. Resolves once the server answers HTTP.
 */
export async function startServer({ dataDir, settings = {}, trust = true, testDriver = false, env = {}, logFile, port } = {}) {
  const p = ensureInstalled();
  port ??= await freePort();
  mkdirSync(join(dataDir, 'user', 'User'), { recursive: true });
  writeFileSync(join(dataDir, 'user', 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  const args = [
    p.serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--server-data-dir', dataDir,
    '--user-data-dir', join(dataDir, 'user'),
    '--extensions-dir', join(dataDir, 'exts'),
  ];
  if (trust) args.push('--disable-workspace-trust');
  if (testDriver) args.push('--enable-smoke-test-driver');
  const log = createWriteStream(logFile ?? join(dataDir, 'server.log'));
  const child = spawn(p.node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  const base = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise((resolve) => {
      if (exited) return resolve();
      child.once('exit', () => resolve());
      try {
        process.kill(-child.pid, 'SIGTERM'); // the whole process group: server, extension hosts, pty hosts
      } catch {
        resolve();
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 3000).unref();
    });
  try {
    await waitForHttp(base, 30_000, () => exited);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, base, pid: child.pid, node: p.node, stop };
}

/** The workbench URL that opens `folder` with the extension at `extensionPath` loaded from source. */
export function workbenchUrl(base, { folder, extensionPath, extensionTestsPath }) {
  const authority = new URL(base).host;
  const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${extensionPath}`]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${extensionTestsPath}`]);
  return `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Installs a .vsix into `dataDir`'s extensions folder the way a user would (`--install-extension`). */
export function installVsix(vsixPath, dataDir) {
  const p = ensureInstalled();
  const r = spawnSync(p.node, [p.serverMain, '--accept-server-license-terms', '--server-data-dir', dataDir,
    '--user-data-dir', join(dataDir, 'user'), '--extensions-dir', join(dataDir, 'exts'), '--install-extension', vsixPath], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`--install-extension failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}
