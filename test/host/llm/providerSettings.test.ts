// Tier 2: editing `switchboard.providers` applies without a reload: the next call of the
// provider goes to its new base URL.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LlmServer, json } from '../../fixtures/llmServer';
import { openaiModels } from '../../fixtures/openaiWire';
import { setProviders } from './settingsHelpers';
import type { MutableWindow } from './settingsHelpers';

type Window = MutableWindow;

suite('providers: settings apply live', () => {
  const servers: LlmServer[] = [];
  const win = vscode.window as Window;
  const original = { showQuickPick: win.showQuickPick };

  async function listModelsOf(id: string): Promise<void> {
    win.showQuickPick = (() => Promise.resolve(undefined)) as Window['showQuickPick'];
    try {
      await vscode.commands.executeCommand('switchboard.selectModel', id);
    } finally {
      Object.assign(win, original);
    }
  }

  suiteSetup(async () => {
    await vscode.extensions.getExtension('switchboard-dev.switchboard')!.activate();
    servers.push(await LlmServer.start(), await LlmServer.start());
    for (const s of servers) s.setDefault(json(openaiModels(['m-1'])));
  });

  suiteTeardown(async () => {
    await setProviders(undefined);
    for (const s of servers) await s.close();
  });

  test('a changed baseUrl takes effect on the next call', async () => {
    const [first, second] = servers as [LlmServer, LlmServer];
    // openai-compatible needs no key, so the calls go out without one.
    await setProviders([{ id: 'live', kind: 'openai-compatible', baseUrl: `${first.url}/v1` }]);
    await listModelsOf('live');
    assert.equal(first.requestCount, 1);

    await setProviders([{ id: 'live', kind: 'openai-compatible', baseUrl: `${second.url}/v1` }]);
    await listModelsOf('live');
    assert.equal(second.requestCount, 1);
    assert.equal(first.requestCount, 1);
  });
});
