// Tier 2 (inside a real VS Code): "Set API Key" stores the key in SecretStorage only. Proved
// through public paths: the key typed into the (stubbed) masked input box is the one a provider
// sends to a loopback server, and it appears in no settings scope.
// Not yet run by the helper that wrote it: the host harness was still being built.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LlmServer, json } from '../../fixtures/llmServer';
import { openaiModels } from '../../fixtures/openaiWire';
import { setProviders } from './settingsHelpers';
import type { MutableWindow } from './settingsHelpers';

type Window = MutableWindow;
type ShowError = (message: string, ...items: string[]) => Thenable<string | undefined>;

suite('providers: API keys in secret storage', () => {
  let server: LlmServer;
  const win = vscode.window as Window;
  const original = { showInputBox: win.showInputBox, showQuickPick: win.showQuickPick, showErrorMessage: win.showErrorMessage };
  const key = `sk-host-${Date.now()}`;

  suiteSetup(async () => {
    await vscode.extensions.getExtension('switchboard-dev.switchboard')!.activate();
    server = await LlmServer.start();
    await setProviders([{ id: 'host-test', kind: 'openai', baseUrl: `${server.url}/v1`, label: 'Host test' }]);
  });

  suiteTeardown(async () => {
    Object.assign(win, original);
    win.showInputBox = () => Promise.resolve('');
    await vscode.commands.executeCommand('switchboard.setApiKey', 'host-test'); // empty input removes the key
    Object.assign(win, original);
    await setProviders(undefined);
    await server.close();
  });

  test('the key goes to SecretStorage through the command, masked, and never into settings', async () => {
    let inputOptions: vscode.InputBoxOptions | undefined;
    win.showInputBox = (options?: vscode.InputBoxOptions) => {
      inputOptions = options;
      return Promise.resolve(key);
    };
    try {
      await vscode.commands.executeCommand('switchboard.setApiKey', 'host-test');
    } finally {
      Object.assign(win, original);
    }
    assert.equal(inputOptions?.password, true, 'the input box masks the key');

    // The provider reads the key from secret storage on its next call.
    server.enqueue(json(openaiModels(['m-1'])));
    win.showQuickPick = (() => Promise.resolve(undefined)) as Window['showQuickPick'];
    try {
      await vscode.commands.executeCommand('switchboard.selectModel', 'host-test');
    } finally {
      Object.assign(win, original);
    }
    assert.equal(server.requests[0]?.headers['authorization'], `Bearer ${key}`);

    const inspected = vscode.workspace.getConfiguration('switchboard').inspect('providers');
    assert.ok(!JSON.stringify(inspected).includes(key), 'no settings scope holds the key');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('switchboard')).includes(key), 'no switchboard setting holds the key');
  });

  test('a call without a key shows an error whose "Set API Key" button opens the masked input for that provider', async () => {
    win.showInputBox = () => Promise.resolve(''); // an empty key removes the stored one
    await vscode.commands.executeCommand('switchboard.setApiKey', 'host-test');
    const shown: Array<{ message: string; items: string[] }> = [];
    let asked: vscode.InputBoxOptions | undefined;
    win.showErrorMessage = ((message: string, ...items: string[]) => {
      shown.push({ message, items });
      return Promise.resolve(items[0]);
    }) as ShowError as Window['showErrorMessage'];
    win.showInputBox = (options?: vscode.InputBoxOptions) => {
      asked = options;
      return Promise.resolve(undefined); // the user cancels
    };
    try {
      const before = server.requestCount;
      await vscode.commands.executeCommand('switchboard.selectModel', 'host-test');
      // A model-list refresh the earlier key started may still land here, with that key; nothing may go out without one.
      const sent = server.requests.slice(before).filter((r) => r.headers['authorization'] !== `Bearer ${key}`);
      assert.deepEqual(sent.map((r) => [r.method, r.path, r.headers['authorization']]), [], 'nothing is sent without a key');
    } finally {
      Object.assign(win, original);
    }
    assert.equal(shown.length, 1);
    assert.match(shown[0]!.message, /no API key is set/);
    assert.deepEqual(shown[0]!.items, ['Set API Key']);
    assert.equal(asked?.password, true);
    assert.match(asked?.title ?? '', /Host test/);
  });
});
