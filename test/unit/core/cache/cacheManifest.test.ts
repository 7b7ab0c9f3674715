// The manifest and core must agree: the settings' defaults are core's defaults, and the
// commands the host registers are contributed. (The host module imports vscode, so the ids are
// checked here as the strings the manifest must hold.)
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CACHE_OPTIONS } from '../../../../src/core/cache/cacheOptions';
import { formatCacheStats, summarizeCacheStats } from '../../../../src/core/cache/cacheStats';
import { ResponseCache } from '../../../../src/core/cache/responseCache';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { default: unknown }> };
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../../package.json'), 'utf8')) as Manifest;

describe('response cache manifest and stats text', () => {
  it('contributes one setting per cache option, with core defaults', () => {
    const settings = Object.entries(manifest.contributes.configuration.properties).filter(([key]) => key.startsWith('switchboard.cache.'));
    assert.deepEqual(
      Object.fromEntries(settings.map(([key, schema]) => [key.slice('switchboard.cache.'.length), schema.default])),
      { ...DEFAULT_CACHE_OPTIONS },
    );
  });

  it('contributes the Clear Response Cache and Show Cache Stats commands', () => {
    const byId = new Map(manifest.contributes.commands.map((c) => [c.command, c]));
    assert.deepEqual(byId.get('switchboard.clearResponseCache'), { command: 'switchboard.clearResponseCache', title: 'Clear Response Cache', category: 'Switchboard' });
    assert.deepEqual(byId.get('switchboard.showCacheStats'), { command: 'switchboard.showCacheStats', title: 'Show Cache Stats', category: 'Switchboard' });
  });

  it('describes the stats in words and figures', () => {
    const cache = new ResponseCache({ maxMegabytes: 2 });
    assert.equal(summarizeCacheStats(cache.stats()), '0 cached answers, hit rate 0 % (0 of 0), $0.00 saved.');
    assert.deepEqual(formatCacheStats(cache.stats()), [
      'Response cache: 0 entries, 0 B of 2.0 MB',
      'Hit rate 0.0%: 0 hits, 0 shared in flight, 0 misses, 0 bypassed',
      'Saved $0.00',
      'Evictions 0, expired 0, too large 0',
    ]);
    cache.configure({ enabled: false });
    assert.deepEqual(formatCacheStats(cache.stats()), ['Response cache: disabled']);
  });
});
