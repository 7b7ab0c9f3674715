// Host tier: two windows of one workspace (two guards, each with its own per-window Memento, over
// the same workspace storage folder). A command line confirmed in one is not asked for in the other.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ServerConfig } from '../../src/core/mcp/configTypes';
import { StartGuard } from '../../src/vscode/mcp/startGuard';
import { memoryMemento as windowMemento, ScriptedPrompts } from './context';

const stdio = (args: string[]): ServerConfig => ({
  name: 'local',
  source: { file: '/ws/.vscode/mcp.json', scope: 'workspace' },
  transport: { type: 'stdio', command: 'node', args, env: {} },
  options: {},
  secrets: [],
});

suite('start confirmation across windows', () => {
  let storage: string;

  setup(() => {
    storage = mkdtempSync(join(tmpdir(), 'sb-guard-'));
  });
  teardown(() => {
    rmSync(storage, { recursive: true, force: true });
  });

  test('a second window of the workspace does not ask again for a confirmed command line', async () => {
    const prompts = new ScriptedPrompts();
    prompts.answer = () => 'Start Server';
    const asked = prompts.asked;
    const storageUri = vscode.Uri.file(join(storage, 'switchboard-dev.switchboard'));
    // Each window has its own copy of workspaceState: VS Code reads it once per window.
    const first = new StartGuard({ workspaceState: windowMemento(), storageUri }, prompts);
    const second = new StartGuard({ workspaceState: windowMemento(), storageUri }, prompts); // opened before the answer
    await first.check(stdio(['server.js']));
    assert.equal(asked.length, 1, 'the first window asks');
    await second.check(stdio(['server.js']));
    assert.equal(asked.length, 1, `the second window does not ask again: ${asked.map((a) => a.message).join(' | ')}`);
    await second.check(stdio(['other.js']));
    assert.equal(asked.length, 2, 'a changed command line still asks');
  });
});
