// Installs, once, what the host and UI tiers need to run a real VS Code here: Node 24 from npm,
// the VS Code server inside the `code-server` npm package, and Debian's Chromium (apt-get, when
// running as root). Everything goes to a cache outside the clone and is reused by later runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.21.0';
export const CHROMIUM = process.env.SWITCHBOARD_CHROMIUM ?? '/usr/bin/chromium';

export function cacheDir() {
  return process.env.SWITCHBOARD_VSCODE_CACHE ?? join(homedir(), '.cache', 'switchboard', `vscode-server-${CODE_SERVER_VERSION}`);
}

export function paths(dir = cacheDir()) {
  const nodePkg = join(dir, 'node', 'node_modules', `node-linux-${process.arch}`);
  return {
    dir,
    nodePkg,
    node: join(nodePkg, 'bin', 'node'),
    serverMain: join(dir, 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
    marker: join(dir, '.complete'),
  };
}

function run(cmd, args, opts = {}) {
  console.log(`[install] ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with ${r.status ?? r.signal}`);
}

function hasHeader(path) {
  return existsSync(path);
}

function ensureDebianPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium', 'fonts-dejavu-core');
  if (!hasHeader('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (!existsSync('/usr/bin/pkg-config')) missing.push('pkg-config');
  if (!existsSync('/usr/bin/make') || !existsSync('/usr/bin/g++')) missing.push('build-essential');
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(`missing system packages. Install them, then run again:\n  sudo apt-get install -y ${missing.join(' ')}`);
  }
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Returns the cache's paths, installing whatever is missing first. */
export function ensureInstalled() {
  const p = paths();
  ensureDebianPackages();
  if (existsSync(p.marker) && existsSync(p.serverMain) && existsSync(p.node)) return p;
  const started = Date.now();
  console.log(`[install] VS Code server ${CODE_SERVER_VERSION} → ${p.dir} (first run only, a few minutes)`);
  mkdirSync(join(p.dir, 'node'), { recursive: true });
  mkdirSync(join(p.dir, 'code-server'), { recursive: true });
  const npm = 'npm';
  const quiet = ['--no-audit', '--no-fund', '--no-save', '--loglevel=error'];
  writeFileSync(join(p.dir, 'node', 'package.json'), '{"private":true}\n');
  run(npm, ['install', ...quiet, `node-linux-${process.arch}@${NODE_VERSION}`], { cwd: join(p.dir, 'node') });
  // code-server's postinstall compiles native modules: build them for Node 24, with its headers.
  const env = {
    ...process.env,
    PATH: `${join(p.nodePkg, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: p.nodePkg,
  };
  writeFileSync(join(p.dir, 'code-server', 'package.json'), '{"private":true}\n');
  run(npm, ['install', ...quiet, '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: join(p.dir, 'code-server'), env });
  if (!existsSync(p.serverMain)) throw new Error(`install finished but ${p.serverMain} is missing`);
  const version = execFileSync(p.node, ['--version'], { encoding: 'utf8' }).trim();
  writeFileSync(p.marker, JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: version, at: new Date().toISOString() }));
  console.log(`[install] done in ${Math.round((Date.now() - started) / 1000)} s`);
  return p;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(JSON.stringify(ensureInstalled(), null, 2));
  } catch (err) {
    console.error(`[install] ${err.message}`);
    process.exit(1);
  }
}
