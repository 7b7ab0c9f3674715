// `npm start`: build Switchboard, then serve a real VS Code on loopback with the extension
// loaded from this working tree and examples/workspace opened. Runs until Ctrl-C, SIGINT or
// SIGTERM (package.json `exec`s this script, so a signal sent to npm reaches it rather than
// stopping at the `sh -c` npm runs scripts in), and stops the server with it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { launchWorkbench, projectRoot } from './vscode/launch.mjs';

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: projectRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const port = process.env.PORT ? Number(process.env.PORT) : undefined;
let wb;
try {
  wb = await launchWorkbench({
    folder: join(projectRoot, 'examples', 'workspace'),
    dataDir: join(projectRoot, '.vscode-test', 'start'),
    trust: process.env.SWITCHBOARD_TRUST !== '0',
    // VS Code's chat on (the tests keep it off), so Switchboard's models can be tried there: run
    // Chat: Manage Language Models once, then pick one in the chat's model picker (README).
    settings: { 'chat.disableAIFeatures': false },
    port,
  });
} catch (err) {
  console.error(err.name === 'InstallError' ? `[install] ${err.message}` : `npm start could not open VS Code: ${err.message}`);
  process.exit(1);
}
console.log(`\nSwitchboard is running in VS Code at:\n\n  ${wb.url}\n`);
console.log(`Server log: ${join(projectRoot, '.vscode-test', 'start', 'server.log')}. Press Ctrl-C to stop.`);
let stopping = false;
const shutdown = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the VS Code server…`);
  await wb.stop();
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, shutdown);
setInterval(() => undefined, 1 << 30);
