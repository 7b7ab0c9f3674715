// Runs every compiled out/bench/*.bench.js in its own process (so one benchmark's heap
// does not slow the next), prints a table and writes bench/results.json.
//   npm run bench [-- name-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'out/bench';
const filter = process.argv[2];
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.js') && (!filter || f.includes(filter))).sort();
const figures = [];
let failed = 0;
for (const file of files) {
  process.stderr.write(`running ${file}…\n`);
  const run = spawnSync(process.execPath, ['--expose-gc', '--enable-source-maps', join(dir, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('BENCH ')) figures.push({ file, ...JSON.parse(line.slice(6)) });
    else if (line.trim()) process.stderr.write(`  ${line}\n`);
  }
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`${file} exited with ${run.status}\n`);
  }
}

const fmt = (n) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n >= 1 ? n.toFixed(2) : n.toPrecision(2));
const rows = figures.map((f) => {
  let ratio = '';
  if (f.baseline) {
    const r = f.better === 'higher' ? f.ours.median / f.baseline.median : f.baseline.median / f.ours.median;
    const base = `${f.baseline.name} (${fmt(f.baseline.median)} ${f.unit})`;
    // A zero on either side has no ratio (a 0 % baseline hit rate, a figure that rounds to 0).
    ratio = Number.isFinite(r) && r > 0 ? `${fmt(r)}× ${r >= 1 ? 'better' : 'worse'} than ${base}` : `vs ${base}`;
  }
  return [f.figure, `${fmt(f.ours.median)} ${f.unit}`, `${fmt(f.ours.min)}–${fmt(f.ours.max)}`, ratio, f.target ?? ''];
});
const head = ['figure', 'median', 'min–max', 'vs naive baseline (same run)', 'target'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));
writeFileSync('bench/results.json', JSON.stringify({ date: new Date().toISOString(), node: process.version, figures }, null, 2));
process.exit(failed ? 1 : 0);
