// Serves a workbench with Switchboard loaded from this working tree. `npm start` and the UI
// tests both come through here, so what the UI tests see is what a developer sees.
import { lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { installVsix, startServer } from './server.mjs';

export const projectRoot = resolve(import.meta.dirname, '..', '..');

/**
 * Links the working tree into `dataDir`'s extensions folder, so VS Code loads it the way it
 * loads an installed extension (a URL-loaded development extension needs the smoke-test driver,
 * which hides every notification). Other versions' links are removed first.
 */
export function linkWorkingTree(dataDir) {
  const { publisher, name, version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  const exts = join(dataDir, 'exts');
  mkdirSync(exts, { recursive: true });
  const id = `${publisher}.${name}`.toLowerCase();
  for (const entry of readdirSync(exts)) {
    if (entry.toLowerCase().startsWith(`${id}-`) && lstatSync(join(exts, entry)).isSymbolicLink()) rmSync(join(exts, entry));
  }
  symlinkSync(projectRoot, join(exts, `${id}-${version}`), 'dir');
}

/** `vsix`: install that package instead of linking the working tree (what a user of the release gets). */
export async function launchWorkbench({ folder, dataDir, settings, trust, env, port, vsix }) {
  let installLog;
  if (vsix) installLog = installVsix(vsix, dataDir);
  else linkWorkingTree(dataDir);
  const server = await startServer({ dataDir, settings, trust, env, port });
  return { ...server, installLog, url: `${server.base}/?folder=${encodeURIComponent(folder)}` };
}
