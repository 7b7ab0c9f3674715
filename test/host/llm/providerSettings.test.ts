// Tier 2: editing `switchboard.providers` applies without a reload: the next call of the
// provider goes to its new base URL. (Model lists are also fetched in the background for VS Code's
// chat, so the servers are told apart by the models they list, not by their request counts.)
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

  /** The model ids Select Model offers for provider `id`. */
  async function listModelsOf(id: string): Promise<string[]> {
    let offered: string[] = [];
    win.showQuickPick = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
      offered = (await items).map((i) => i.label);
      return undefined;
    }) as unknown as Window['showQuickPick'];
    try {
      await vscode.commands.executeCommand('switchboard.selectModel', id);
    } finally {
      Object.assign(win, original);
    }
    return offered;
  }

  suiteSetup(async () => {
    await vscode.extensions.getExtension('switchboard-dev.switchboard')!.activate();
    servers.push(await LlmServer.start(), await LlmServer.start());
    servers[0]!.setModels(json(openaiModels(['m-first'])));
    servers[1]!.setModels(json(openaiModels(['m-second'])));
  });

  suiteTeardown(async () => {
    await setProviders(undefined);
    for (const s of servers) await s.close();
  });

  test('a changed baseUrl takes effect on the next call', async () => {
    const [first, second] = servers as [LlmServer, LlmServer];
    // openai-compatible needs no key, so the calls go out without one.
    await setProviders([{ id: 'live', kind: 'openai-compatible', baseUrl: `${first.url}/v1` }]);
    assert.ok((await listModelsOf('live')).some((label) => label.includes('m-first')));

    await setProviders([{ id: 'live', kind: 'openai-compatible', baseUrl: `${second.url}/v1` }]);
    const offered = await listModelsOf('live');
    assert.ok(offered.some((label) => label.includes('m-second')), offered.join(', '));
    assert.ok(!offered.some((label) => label.includes('m-first')), offered.join(', '));
  });
});
