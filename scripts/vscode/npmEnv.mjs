// The environment for an npm that the installer runs inside `npm test` or `npm start`.
// The outer npm exports its own settings to every child: `npm_config_user_agent` names the
// outer Node (code-server's postinstall reads its Node version from there and refuses v20),
// `npm_config_*` carry the outer run's flags and prefix, and `npm_lifecycle_*`/`npm_package_*`
// describe the outer package. None of that belongs to the inner install, so it all goes.
import { delimiter, join } from 'node:path';

const INHERITED = [/^npm_config_/i, /^npm_lifecycle_/i, /^npm_package_/i, /^npm_execpath$/i, /^npm_node_execpath$/i, /^npm_command$/i, /^INIT_CWD$/];

/**
 * `env` without the outer npm's variables, with `nodeDir`'s `bin/` first on PATH and
 * `npm_config_nodedir` pointing at its headers (native modules are built for that Node).
 */
export function innerNpmEnv(env, nodeDir) {
  const clean = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || INHERITED.some((re) => re.test(name))) continue;
    clean[name] = value;
  }
  const pathKey = Object.keys(clean).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  clean[pathKey] = [join(nodeDir, 'bin'), clean[pathKey]].filter(Boolean).join(delimiter);
  clean.npm_config_nodedir = nodeDir;
  return clean;
}
