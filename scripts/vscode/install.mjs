// Installs, once, what the host and UI tiers and `npm start` need to run a real VS Code here:
// Debian's Chromium (apt-get, when running as root), Node 24 from npm, and the VS Code server
// inside the `code-server` npm package. Everything goes to a cache outside the clone.
//
// The install folder's name carries a hash of this script, the npm environment builder and the
// versions they install, so any change to them installs afresh (and removes the old folder). A
// folder only counts once its marker says the same hash: the install runs in a `.partial` folder
// that is renamed into place at the very end, so a half-finished install is never taken as good.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { innerNpmEnv } from './npmEnv.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.21.0';
export const CHROMIUM = process.env.SWITCHBOARD_CHROMIUM ?? '/usr/bin/chromium';
const PREFIX = `vscode-server-${CODE_SERVER_VERSION}-`;

/** An install step that failed; its message is the one line a user needs (no stack). */
export class InstallError extends Error {
  name = 'InstallError';
}

/** The folder that holds installs: `SWITCHBOARD_VSCODE_CACHE`, else ~/.cache/switchboard. */
export function cacheRoot() {
  return process.env.SWITCHBOARD_VSCODE_CACHE ?? join(homedir(), '.cache', 'switchboard');
}

/** What this installer would install: changes whenever its code or versions do. */
export function installId() {
  const h = createHash('sha256');
  for (const f of ['install.mjs', 'npmEnv.mjs']) h.update(readFileSync(join(import.meta.dirname, f)));
  h.update(`${CODE_SERVER_VERSION} ${NODE_VERSION} ${process.arch}`);
  return h.digest('hex').slice(0, 12);
}

export function paths(dir = join(cacheRoot(), PREFIX + installId())) {
  const nodePkg = join(dir, 'node', 'node_modules', `node-linux-${process.arch}`);
  return {
    dir,
    nodePkg,
    node: join(nodePkg, 'bin', 'node'),
    serverMain: join(dir, 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
    marker: join(dir, '.complete'),
  };
}

function log(line) {
  console.log(`[install] ${line}`);
}

/** The installers' own output goes to this file; its tail is shown when a step fails. */
function logFile() {
  return join(cacheRoot(), 'install.log');
}

function run(what, cmd, args, opts = {}) {
  const fd = openSync(logFile(), 'a');
  let r;
  try {
    writeFileSync(fd, `\n$ ${cmd} ${args.join(' ')}\n`);
    r = spawnSync(cmd, args, { stdio: ['ignore', fd, fd], ...opts });
  } finally {
    closeSync(fd);
  }
  if (r.error) throw new InstallError(`${what} failed: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = readFileSync(logFile(), 'utf8').trimEnd().split('\n').slice(-15).join('\n');
    console.error(tail);
    throw new InstallError(`${what} failed (\`${cmd} ${args.join(' ')}\` exited with ${r.status ?? r.signal}; its output is in ${logFile()})`);
  }
}

function timed(what, fn) {
  const started = Date.now();
  fn();
  log(`  ${what} done in ${Math.round((Date.now() - started) / 1000)} s`);
}

function missingDebianPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium', 'fonts-dejavu-core');
  if (!existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev'); // the kerberos module compiles from source
  if (!existsSync('/usr/bin/pkg-config')) missing.push('pkg-config');
  if (!existsSync('/usr/bin/make') || !existsSync('/usr/bin/g++')) missing.push('build-essential');
  return missing;
}

function installDebianPackages(missing) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) throw new InstallError(`missing system packages: run \`sudo apt-get install -y ${missing.join(' ')}\`, then run again`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get update', 'apt-get', ['update', '-qq'], { env });
  run(`apt-get install ${missing.join(' ')}`, 'apt-get', ['install', '-y', '-qq', ...missing], { env });
}

function isComplete(p, id) {
  try {
    return JSON.parse(readFileSync(p.marker, 'utf8')).id === id && existsSync(p.serverMain) && existsSync(p.node);
  } catch {
    return false;
  }
}

function install(p, id) {
  const quiet = ['--no-audit', '--no-fund', '--no-save', '--loglevel=error'];
  const env = innerNpmEnv(process.env, p.nodePkg);
  log(`  1. Node ${NODE_VERSION} from npm (about 30 MB download)`);
  mkdirSync(join(p.dir, 'node'), { recursive: true });
  writeFileSync(join(p.dir, 'node', 'package.json'), '{"private":true}\n');
  timed('Node', () => run(`npm install node-linux-${process.arch}@${NODE_VERSION}`, 'npm', ['install', ...quiet, `node-linux-${process.arch}@${NODE_VERSION}`], { cwd: join(p.dir, 'node'), env }));
  log(`  2. code-server ${CODE_SERVER_VERSION} (a VS Code 1.139 server, about 600 MB on disk; compiles native modules for Node 24)`);
  mkdirSync(join(p.dir, 'code-server'), { recursive: true });
  writeFileSync(join(p.dir, 'code-server', 'package.json'), '{"private":true}\n');
  timed('code-server', () => run(`npm install code-server@${CODE_SERVER_VERSION}`, 'npm', ['install', ...quiet, '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: join(p.dir, 'code-server'), env }));
  if (!existsSync(p.serverMain)) throw new InstallError(`code-server installed but ${p.serverMain} is missing`);
  const version = execFileSync(p.node, ['--version'], { encoding: 'utf8' }).trim();
  writeFileSync(p.marker, JSON.stringify({ id, codeServer: CODE_SERVER_VERSION, node: version, at: new Date().toISOString() }));
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Removes every other install (older hashes, abandoned `.partial` folders) beside `keep`. */
function removeOthers(root, keep) {
  for (const name of readdirSync(root)) {
    if (!name.startsWith('vscode-server-') || join(root, name) === keep) continue;
    const owner = /\.partial-(\d+)$/.exec(name)?.[1];
    if (owner && isAlive(Number(owner))) continue; // another run's install in progress
    log(`removing the outdated install ${join(root, name)}`);
    rmSync(join(root, name), { recursive: true, force: true });
  }
}

/** Returns the cache's paths, installing whatever is missing first. Throws InstallError. */
export function ensureInstalled() {
  const id = installId();
  const p = paths();
  const missing = missingDebianPackages();
  if (missing.length === 0 && isComplete(p, id)) return p;
  const root = cacheRoot();
  const started = Date.now();
  const stale = existsSync(root) && readdirSync(root).some((n) => n.startsWith('vscode-server-') && !n.includes('.partial-'));
  log(stale
    ? `The installer or the versions it installs changed: installing afresh into ${p.dir} (the old install is removed afterwards).`
    : `First run: installing a VS Code server for the host and UI tests and \`npm start\` into ${p.dir}.`);
  log(`About 3–5 minutes on 2 cores and ~700 MB of disk, once; later runs reuse it. Details: ${logFile()}`);
  mkdirSync(root, { recursive: true });
  writeFileSync(logFile(), '');
  try {
    if (missing.length > 0) {
      log(`  0. Debian packages: ${missing.join(' ')}`);
      timed('Debian packages', () => installDebianPackages(missing));
    }
    if (!isComplete(p, id)) {
      const partial = paths(`${p.dir}.partial-${process.pid}`);
      rmSync(partial.dir, { recursive: true, force: true });
      try {
        install(partial, id);
        if (!isComplete(p, id)) {
          rmSync(p.dir, { recursive: true, force: true });
          renameSync(partial.dir, p.dir);
        }
      } finally {
        rmSync(partial.dir, { recursive: true, force: true });
      }
    }
    removeOthers(root, p.dir);
  } catch (err) {
    const reason = err instanceof InstallError ? err.message : `unexpected error: ${err.message}`;
    throw new InstallError(`VS Code server install: ${reason}. Nothing half-installed is kept; fix the cause and run the same command again.`);
  }
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
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
