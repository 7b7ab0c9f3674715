// Example benchmark: hashing a chat-sized request with sorted keys vs plain stringify.
// The cache issue replaces this with its own key benchmark.
import { createHash } from 'node:crypto';
import { report, timePerCallSync } from './lib';

function sortedStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = (v as Record<string, unknown>)[k];
      return out;
    }
    return v;
  });
}

const request = {
  model: 'gpt-4o-mini',
  temperature: 0.2,
  messages: Array.from({ length: 20 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: 'x'.repeat(480) })),
};

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const ours = timePerCallSync(() => sha(sortedStringify(request)), { batch: 200, unit: 'µs' });
const naive = timePerCallSync(() => sha(JSON.stringify(request)), { batch: 200, unit: 'µs' });
report({
  figure: 'sorted-key sha256 of a 10 KB request',
  unit: 'µs',
  ours,
  baseline: { name: 'unsorted stringify + sha256', ...naive },
  better: 'lower',
});
