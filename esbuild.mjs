// Bundles the extension host code to dist/extension.js and ships sql.js's wasm beside it.
//   node esbuild.mjs               development build (sourcemaps)
//   node esbuild.mjs --production  minified, no sourcemaps
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

async function copyAssets() {
  await mkdir('dist', { recursive: true });
  await copyFile('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
}

/** @type {import('esbuild').Plugin} */
const report = {
  name: 'report',
  setup(build) {
    build.onEnd(async (result) => {
      for (const e of result.errors) console.error(`✘ ${e.text} ${e.location ? `${e.location.file}:${e.location.line}` : ''}`);
      if (result.errors.length === 0) await copyAssets();
      if (watch) console.log(`[watch] build finished (${result.errors.length} errors)`);
    });
  },
};

const options = {
  // The ledger's and the team ledger's worker threads are their own bundles, loaded from dist/.
  entryPoints: { extension: 'src/extension.ts', ledgerWorker: 'src/core/usage/ledgerWorker.ts', teamWorker: 'src/core/team/teamWorker.ts' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  // pg's optional native binding is never used (the pure-JS client is).
  external: ['vscode', 'pg-native'],
  // ESM entry points first: jsonc-parser's UMD `main` requires its own files at run time.
  mainFields: ['module', 'main'],
  // Node 21+ has a global navigator; VS Code's extension host replaces it with a getter that logs
  // PendingMigrationError on every read. The SDKs' platform detection, zod and sql.js read it to
  // tell a browser from Node: in this bundle it is always Node, so the reads become `undefined`.
  define: { navigator: 'undefined', 'globalThis.navigator': 'undefined' },
  sourcemap: !production,
  minify: production,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'silent',
  plugins: [report],
};

// A production build starts clean so no development sourcemap is packaged.
if (production) await rm('dist', { recursive: true, force: true });

// Webview pages run in the browser sandbox: their own bundles, Chart.js included (no CDN).
const webviewOptions = {
  entryPoints: { dashboard: 'media/dashboard/main.ts', callTool: 'media/callTool/main.ts', elicit: 'media/elicit/main.ts', run: 'media/run/main.ts' },
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  outdir: 'dist/webview',
  sourcemap: !production,
  minify: production,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'silent',
  plugins: [report],
};

if (watch) {
  await (await esbuild.context(options)).watch();
  await (await esbuild.context(webviewOptions)).watch();
} else {
  const results = await Promise.all([esbuild.build(options), esbuild.build(webviewOptions)]);
  if (results.some((r) => r.errors.length)) process.exit(1);
}
