// Serves a workbench with Switchboard loaded from this working tree. `npm start` and the UI
// tests both come through here, so what the UI tests see is what a developer sees.
import { resolve } from 'node:path';
import { installVsix, startServer, workbenchUrl } from './server.mjs';

export const projectRoot = resolve(import.meta.dirname, '..', '..');

/** `vsix`: install that package instead of loading the working tree (what a user of the release gets). */
export async function launchWorkbench({ folder, dataDir, settings, trust, env, port, vsix }) {
  if (vsix) {
    const out = installVsix(vsix, dataDir);
    const server = await startServer({ dataDir, settings, trust, env, port });
    return { ...server, installLog: out, url: `${server.base}/?folder=${encodeURIComponent(folder)}` };
  }
  const server = await startServer({ dataDir, settings, trust, env, port });
  return { ...server, url: workbenchUrl(server.base, { folder, extensionPath: projectRoot }) };
}
