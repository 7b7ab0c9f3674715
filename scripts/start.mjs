// `npm start`: build Switchboard, then serve a real VS Code on loopback with the extension
// loaded from this working tree and examples/workspace opened. Runs until Ctrl-C.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { launchWorkbench, projectRoot } from './vscode/launch.mjs';

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: projectRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const port = process.env.PORT ? Number(process.env.PORT) : undefined;
const wb = await launchWorkbench({
  folder: join(projectRoot, 'examples', 'workspace'),
  dataDir: join(projectRoot, '.vscode-test', 'start'),
  trust: process.env.SWITCHBOARD_TRUST !== '0',
  port,
});
console.log(`\nSwitchboard is running in VS Code at:\n\n  ${wb.url}\n`);
console.log(`Server log: ${join(projectRoot, '.vscode-test', 'start', 'server.log')}. Press Ctrl-C to stop.`);
const shutdown = async () => {
  await wb.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
setInterval(() => undefined, 1 << 30);
