// Bundles the extension host code to dist/extension.js and ships sql.js's wasm beside it.
//   node esbuild.mjs               development build (sourcemaps)
//   node esbuild.mjs --production  minified, no sourcemaps
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

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
  // The ledger's worker thread is its own bundle, loaded from dist/ledgerWorker.js.
  entryPoints: { extension: 'src/extension.ts', ledgerWorker: 'src/core/usage/ledgerWorker.ts' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'silent',
  plugins: [report],
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  const result = await esbuild.build(options);
  if (result.errors.length) process.exit(1);
}
