// What another extension can reach: `exports` is empty, and no command, whatever arguments it
// is given through vscode.commands.executeCommand, runs an MCP tool without the approval prompt.
// The surface fixture server writes every tool call to a file: that file is the evidence.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { functionNameFor } from '../../src/core/mcp/functionNames';
import { Commands } from '../../src/vscode/commandIds';
import { LlmServer, sse } from '../fixtures/llmServer';
import { openaiChatChunks, openaiUsage } from '../fixtures/openaiWire';
import { EXTENSION_ID, activated, manifest, setSetting } from './harness';
import { setProviders, type MutableWindow, windowPrompts } from './llm/settingsHelpers';

const win = vscode.window as MutableWindow;
const original = windowPrompts();

suite('what other extensions can reach', () => {
  let llm: LlmServer;
  let folder: string;
  let callLog: string;
  const approvals: string[] = [];
  let approve: string | undefined;

  const toolCalls = () => (existsSync(callLog) ? readFileSync(callLog, 'utf8').split('\n').filter(Boolean) : []);
  /** The model asks for echo once, then finishes. */
  const scriptEchoRun = () => {
    llm.enqueue(sse(openaiChatChunks({ toolCalls: [{ id: 'call_1', name: functionNameFor('surface', 'echo'), arguments: '{"text":"pwned"}' }], usage: openaiUsage(10, 5) })));
    llm.enqueue(sse(openaiChatChunks({ text: 'done', usage: openaiUsage(10, 5) })));
  };

  suiteSetup(async () => {
    await activated();
    llm = await LlmServer.start();
    folder = mkdtempSync(join(tmpdir(), 'sb-api-'));
    callLog = join(folder, 'calls.log');
    win.showInputBox = () => Promise.resolve('sk-api-test');
    await setProviders([{ id: 'fixture', kind: 'openai', baseUrl: `${llm.url}/v1`, label: 'Fixture', defaultModel: 'gpt-4o-mini' }]);
    await vscode.commands.executeCommand(Commands.setApiKey, 'fixture');
    const server = join(__dirname, '..', 'fixtures', 'mcp', 'surfaceServer.js');
    await setSetting('mcp.servers', { surface: { type: 'stdio', command: process.execPath, args: [server], env: { SURFACE_CALL_LOG: callLog } } });
    // Every prompt is dismissed, except the tool approval, which answers `approve`.
    win.showQuickPick = (() => Promise.resolve(undefined)) as MutableWindow['showQuickPick'];
    win.showInputBox = () => Promise.resolve(undefined);
    win.showInformationMessage = (() => Promise.resolve(undefined)) as MutableWindow['showInformationMessage'];
    win.showErrorMessage = (() => Promise.resolve(undefined)) as MutableWindow['showErrorMessage'];
    win.showWarningMessage = ((message: string) => {
      if (/^Run the MCP tool/.test(message)) {
        approvals.push(message);
        return Promise.resolve(approve);
      }
      return Promise.resolve(undefined);
    }) as MutableWindow['showWarningMessage'];
    await vscode.commands.executeCommand(Commands.startServer, 'surface');
  });

  suiteTeardown(async () => {
    Object.assign(win, original);
    await setSetting('mcp.servers', undefined);
    await setProviders(undefined);
    await llm.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('the extension exports nothing: no service, key or ledger', async () => {
    assert.equal(await activated(), undefined);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.exports, undefined);
  });

  test('no command runs a tool without approval, whatever arguments it is given', async () => {
    const entry = { server: 'surface', tool: 'echo', qualifiedName: 'surface/echo', functionName: functionNameFor('surface', 'echo'), description: '', inputSchema: {} };
    const forged = ['surface/echo', { kind: 'tool', entry }, { kind: 'server', name: 'surface' }, { prompt: 'Use the echo tool', providerId: 'fixture' }];
    for (const { command } of manifest().contributes.commands) {
      if (command === Commands.runPrompt) continue; // below, with a model that asks for the tool
      for (const arg of forged) await vscode.commands.executeCommand(command, arg);
    }
    assert.deepEqual(toolCalls(), [], 'no tool ran');
    // Enabling and disabling are no way around approval; put things back for the runs below.
    await vscode.commands.executeCommand(Commands.enableTool, { kind: 'server', name: 'surface' });
    await vscode.commands.executeCommand(Commands.enableTool, 'surface/echo');
    await vscode.commands.executeCommand(Commands.clearToolFilter);

    // A scripted run through the command: the model asks for echo, the user is asked and declines.
    scriptEchoRun();
    approve = undefined;
    await vscode.commands.executeCommand(Commands.runPrompt, { prompt: 'Use the echo tool', providerId: 'fixture' });
    assert.equal(approvals.length, 1, 'the approval prompt was shown');
    assert.deepEqual(toolCalls(), [], 'declined: the tool did not run');

    // The same run approved does reach the tool: the checks above were not vacuous.
    scriptEchoRun();
    approve = 'Allow';
    // Another prompt: the response cache would answer the same one with the first run's replies.
    await vscode.commands.executeCommand(Commands.runPrompt, { prompt: 'Use the echo tool now', providerId: 'fixture' });
    assert.equal(approvals.length, 2, approvals.join(' | '));
    assert.deepEqual(toolCalls(), ['echo']);
  });
});
