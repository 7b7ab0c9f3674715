import * as assert from 'node:assert/strict';
import { McpPool } from '../../../../src/core/mcp/pool';
import { contentCapabilities, listPrompts, listResources, promptText, readResourceText } from '../../../../src/core/mcp/serverContent';
import { EVERYTHING, FAST_RECONNECT, entry, testHost, within } from './helpers';

describe('resources and prompts of server-everything (a real process)', function () {
  this.timeout(30_000);
  const changes: string[] = [];
  const host = testHost();
  host.onListChanged = (server, list) => void changes.push(`${server}:${list}`);
  const pool = new McpPool(host, FAST_RECONNECT);
  before(async () => {
    await pool.apply([entry('everything', { args: [EVERYTHING, 'stdio'] })]);
    await pool.start('everything');
  });
  after(() => pool.dispose());

  it('lists every page of resources and reads one as text', async () => {
    assert.deepEqual(await contentCapabilities(pool, 'everything'), { resources: true, prompts: true });
    const resources = await listResources(pool, 'everything');
    assert.ok(resources.length >= 2, JSON.stringify(resources));
    const text = resources.find((r) => r.mimeType?.startsWith('text/'));
    assert.ok(text, 'a text resource');
    assert.ok((await readResourceText(pool, 'everything', text.uri)).length > 0);
  });

  it('lists prompts and renders one with its arguments for Run Prompt', async () => {
    const prompts = await listPrompts(pool, 'everything');
    const args = prompts.find((p) => p.name === 'args-prompt');
    assert.deepEqual(args?.arguments.map((a) => [a.name, a.required ?? false]), [['city', true], ['state', false]]);
    assert.match(await promptText(pool, 'everything', 'args-prompt', { city: 'Oslo' }), /weather in Oslo/);
  });

  it('follows resources/list_changed when the server adds a resource', async () => {
    const before = await listResources(pool, 'everything');
    await pool.callTool('everything', 'gzip-file-as-resource', { name: 'hello.txt.gz', data: 'data:text/plain;base64,aGVsbG8=', outputType: 'resourceLink' });
    await within(
      (async () => {
        while (!changes.includes('everything:resources')) await new Promise((r) => setTimeout(r, 20));
      })(),
      5_000,
      'resources/list_changed',
    );
    const after = await listResources(pool, 'everything');
    assert.ok(after.some((r) => r.name.includes('hello.txt.gz') || r.uri.includes('hello.txt.gz')), JSON.stringify(after.slice(-3)));
    assert.equal(after.length, before.length + 1);
  });
});
