import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CacheStats } from '../../src/core/cache/cacheStats';
import { json, LlmServer, sse } from '../fixtures/llmServer';
import { openaiChatChunks, openaiModels } from '../fixtures/openaiWire';
import { Commands } from '../../src/vscode/commandIds';
import { testSwitchboard } from './context';
import { activated, setSetting } from './harness';
import { setProviders, type MutableWindow } from './llm/settingsHelpers';

const setCacheSetting = (name: string, value: unknown) => setSetting(`cache.${name}`, value);
const win = vscode.window as MutableWindow;

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

  test('Show Cache Stats and Clear Response Cache report the figures, and Clear empties a filled cache', async () => {
    await activated();
    // Model lists (VS Code's chat asks for them when providers or keys change) never take a queued answer.
    const llm = (await LlmServer.start()).setModels(json(openaiModels(['gpt-4o-mini'])));
    const completions = () => llm.requests.filter((r) => r.method === 'POST').length;
    const showInputBox = win.showInputBox;
    try {
      win.showInputBox = () => Promise.resolve('sk-cache-test');
      await setProviders([{ id: 'cachefix', kind: 'openai', baseUrl: `${llm.url}/v1`, label: 'Cache fixture', defaultModel: 'gpt-4o-mini' }]);
      await vscode.commands.executeCommand(Commands.setApiKey, 'cachefix');
      win.showInputBox = showInputBox;
      const prompt = { prompt: 'Fill the cache', providerId: 'cachefix' };
      const answer = () => sse(openaiChatChunks({ text: 'Cached answer.' }));

      // Fill the cache with one answer; the same prompt again is served from memory.
      llm.enqueue(answer());
      await vscode.commands.executeCommand(Commands.runPrompt, prompt);
      await vscode.commands.executeCommand(Commands.runPrompt, prompt);
      assert.equal(completions(), 1);
      const filled = await vscode.commands.executeCommand<CacheStats>(Commands.showCacheStats);
      assert.equal(filled.enabled, true);
      assert.ok(filled.entries >= 1 && filled.bytes > 0, `the cache holds the answer: ${JSON.stringify(filled)}`);

      const cleared = await vscode.commands.executeCommand<{ entries: number; bytes: number }>(Commands.clearResponseCache);
      assert.deepEqual(cleared, { entries: filled.entries, bytes: filled.bytes });
      const after = await vscode.commands.executeCommand<CacheStats>(Commands.showCacheStats);
      assert.deepEqual([after.entries, after.bytes], [0, 0]);

      // Nothing is served from memory any more: the prompt reaches the provider again.
      llm.enqueue(answer());
      await vscode.commands.executeCommand(Commands.runPrompt, prompt);
      assert.equal(completions(), 2);
    } finally {
      win.showInputBox = showInputBox;
      await vscode.commands.executeCommand(Commands.clearResponseCache);
      await setProviders(undefined);
      await llm.close();
    }
  });
});
