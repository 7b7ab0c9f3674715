import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type InnerNpmEnv = (env: NodeJS.ProcessEnv, nodeDir: string) => Record<string, string>;
const root = resolve(__dirname, '..', '..', '..', '..');

async function builder(): Promise<InnerNpmEnv> {
  const mod = (await import(pathToFileURL(join(root, 'scripts', 'vscode', 'npmEnv.mjs')).href)) as { innerNpmEnv: InnerNpmEnv };
  return mod.innerNpmEnv;
}

// What an `npm test` or `npm start` puts in the environment of the installer it runs.
const outerNpm = {
  npm_config_user_agent: 'npm/x node/v20.0.0 linux x64',
  npm_config_nodedir: '/usr',
  npm_config_prefix: '/nonexistent/outer-prefix',
  npm_lifecycle_event: 'test',
  npm_lifecycle_script: 'node scripts/test-all.mjs',
  npm_package_name: 'switchboard',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  INIT_CWD: '/somewhere/else',
};

describe('installer: the inner npm environment', () => {
  it('drops the outer npm variables and points PATH and nodedir at the chosen Node', async () => {
    const inner = (await builder())({ ...outerNpm, HOME: '/home/u', PATH: '/usr/bin' }, '/opt/node24');
    assert.deepEqual(inner, { HOME: '/home/u', PATH: `/opt/node24/bin${delimiter}/usr/bin`, npm_config_nodedir: '/opt/node24' });
  });

  it('a lifecycle script run by the inner npm sees its own npm and Node, not the outer ones', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-npmenv-'));
    try {
      const dump = join(dir, 'env.json');
      writeFileSync(join(dir, 'package.json'), JSON.stringify({
        name: 'inner-probe',
        private: true,
        scripts: { probe: `node -e "require('fs').writeFileSync(process.argv[1], JSON.stringify(process.env))" ${JSON.stringify(dump)}` },
      }));
      // The Node running this test stands in for Node 24: its folder goes first on PATH.
      const nodeDir = dirname(dirname(process.execPath));
      const env = (await builder())({ ...process.env, ...outerNpm }, nodeDir);
      const r = spawnSync('npm', ['run', '--silent', 'probe'], { cwd: dir, env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const seen = JSON.parse(readFileSync(dump, 'utf8')) as Record<string, string>;
      assert.match(seen.npm_config_user_agent ?? '', new RegExp(`^npm/\\S+ node/${process.version.replace(/\./g, '\\.')} `));
      assert.equal(seen.npm_config_nodedir, nodeDir);
      assert.equal(seen.npm_lifecycle_event, 'probe');
      assert.equal(seen.npm_package_name, 'inner-probe');
      assert.notEqual(seen.npm_config_prefix, outerNpm.npm_config_prefix);
      assert.notEqual(seen.INIT_CWD, outerNpm.INIT_CWD);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
