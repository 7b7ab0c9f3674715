import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CacheStats } from '../../src/core/cache/cacheStats';
import { Commands } from '../../src/vscode/commandIds';
import { testSwitchboard } from './context';
import { activated, setSetting } from './harness';

const setCacheSetting = (name: string, value: unknown) => setSetting(`cache.${name}`, value);

suite('response cache (host)', () => {
  teardown(async () => {
    for (const name of ['enabled', 'ttlSeconds', 'maxEntries', 'maxMegabytes']) await setCacheSetting(name, undefined);
  });

  test('settings apply live', async () => {
    const ctx = testSwitchboard();
    try {
      const { cache } = ctx.sb;
      assert.deepEqual(cache.stats().limits, { maxEntries: 1000, maxBytes: 64 * 1024 * 1024, ttlSeconds: 3600 });
      await setCacheSetting('maxEntries', 5);
      await setCacheSetting('maxMegabytes', 2);
      await setCacheSetting('ttlSeconds', 60);
      assert.deepEqual(cache.stats().limits, { maxEntries: 5, maxBytes: 2 * 1024 * 1024, ttlSeconds: 60 });
      await setCacheSetting('enabled', false);
      assert.equal(cache.stats().enabled, false);
    } finally {
      await ctx.close();
    }
  });

  test('Show Cache Stats and Clear Response Cache run and report the figures', async () => {
    await activated();
    const stats = await vscode.commands.executeCommand<CacheStats>(Commands.showCacheStats);
    assert.equal(stats.enabled, true);
    assert.equal(typeof stats.hitRate, 'number');
    assert.deepEqual(await vscode.commands.executeCommand(Commands.clearResponseCache), { entries: 0, bytes: 0 });
  });
});
