import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffServers } from '../../../../src/core/mcp/configDiff';
import type { ServerEntry } from '../../../../src/core/mcp/configDiff';
import { parseConfigText, parseConfigValue } from '../../../../src/core/mcp/configParse';
import { parseEnvFile, redact, resolveServer } from '../../../../src/core/mcp/configResolve';
import type { ResolveContext } from '../../../../src/core/mcp/configResolve';
import { LastGoodConfigs } from '../../../../src/core/mcp/lastGoodConfig';
import { formatProblem } from '../../../../src/core/mcp/configTypes';
import type { ConfigSource } from '../../../../src/core/mcp/configTypes';

const ws: ConfigSource = { file: '/ws/.vscode/mcp.json', scope: 'workspace' };

const vscodeFile = `{
  // VS Code's own format, with comments and a trailing comma
  "inputs": [{ "type": "promptString", "id": "api-key", "description": "API key", "password": true }],
  "servers": {
    "files": { "type": "stdio", "command": "npx", "args": ["-y", "server", "\${workspaceFolder}"], "env": { "KEY": "\${input:api-key}" }, "envFile": ".env" },
    "remote": { "type": "http", "url": "https://example.test/mcp", "headers": { "Authorization": "Bearer \${input:api-key}" } },
    "legacy": { "type": "sse", "url": "http://127.0.0.1:9/sse" },
    "broken": { "type": "stdio", "args": [] },
  },
}`;

describe('MCP config', () => {
  it('parses the VS Code format and reports a broken server without dropping the others', () => {
    const parsed = parseConfigText(vscodeFile, ws);
    assert.deepEqual(parsed.servers.map((s) => [s.name, s.server.type]), [['files', 'stdio'], ['remote', 'http'], ['legacy', 'sse']]);
    assert.equal(parsed.inputs[0]?.id, 'api-key');
    assert.equal(parsed.problems.length, 1);
    const p = parsed.problems[0]!;
    assert.equal(p.server, 'broken');
    assert.equal(p.line, 8);
    assert.match(formatProblem(p), /^\/ws\/\.vscode\/mcp\.json:8:\d+: server "broken": needs "command"$/);
  });

  it('reads an http server\'s oauth block and refuses a metadata document URL that cannot be a client id', () => {
    const parsed = parseConfigValue(
      {
        servers: {
          ok: { type: 'http', url: 'https://a.test/mcp', oauth: { clientId: 'pre', clientMetadataUrl: 'https://me.test/client.json', scopes: ['read'] } },
          plain: { type: 'http', url: 'http://b.test/mcp', oauth: { clientMetadataUrl: 'http://me.test/client.json' } },
          root: { type: 'http', url: 'http://b.test/mcp', oauth: { clientMetadataUrl: 'https://me.test/' } },
          scopes: { type: 'http', url: 'http://b.test/mcp', oauth: { scopes: 'read' } },
        },
      },
      ws,
    );
    const ok = parsed.servers[0]?.server;
    assert.deepEqual(ok?.type === 'http' ? ok.oauth : undefined, { clientId: 'pre', clientMetadataUrl: 'https://me.test/client.json', scopes: ['read'] });
    assert.deepEqual(parsed.problems.map((p) => [p.server, p.message]), [
      ['plain', '"oauth.clientMetadataUrl" must be an https URL with a path (it becomes the client id)'],
      ['root', '"oauth.clientMetadataUrl" must be an https URL with a path (it becomes the client id)'],
      ['scopes', '"oauth.scopes" must be an array of strings'],
    ]);
  });

  it('reports JSON syntax errors with file, line and column', () => {
    const parsed = parseConfigText('{\n  "servers": {\n    "a": { "command": "x" }\n    "b": {}\n  }\n}', ws);
    assert.equal(parsed.servers.length, 0);
    const p = parsed.problems[0]!;
    assert.deepEqual([p.line, p.column], [4, 5]);
    assert.match(formatProblem(p), /mcp\.json:4:5: JSON syntax error: expected a comma$/);
    assert.equal(parsed.broken, true, 'a broken file is "servers unknown", not "no servers"');
  });

  it('says syntax errors in words, once per position, with a range', () => {
    const unclosed = parseConfigText('{\n  "servers": {\n    "a": { "command": "x" }\n', ws);
    assert.deepEqual(
      unclosed.problems.map((p) => [p.line, p.column, p.message]),
      [[4, 1, 'JSON syntax error: expected a closing brace "}"']],
    );
    const symbol = parseConfigText('{"servers": {"a": {"command": @}}}', ws);
    assert.deepEqual(
      symbol.problems.map((p) => [p.line, p.column, p.endLine, p.endColumn, p.message]),
      [[1, 31, 1, 32, 'JSON syntax error: unexpected character']],
    );
  });

  it('says "must be a string" for a command of the wrong type and points at the field', () => {
    const text = '{\n  "servers": {\n    "n": {\n      "command": 42\n    },\n    "e": { "command": " " }\n  }\n}';
    const [wrongType, empty] = parseConfigText(text, ws).problems;
    assert.equal(wrongType?.message, '"command" must be a string');
    assert.deepEqual([wrongType?.line, wrongType?.column, wrongType?.endLine, wrongType?.endColumn], [4, 18, 4, 20]);
    assert.equal(empty?.message, '"command" must not be empty');
  });

  it('rejects numeric options below their minimum with a position, as the settings schema does', () => {
    const text = '{"servers": {\n"t": {"command": "x", "timeoutMs": 0},\n"m": {"url": "http://h/mcp", "maxSessions": 0},\n"i": {"command": "x", "idleMinutes": -1},\n"ok": {"command": "x", "timeoutMs": 1, "idleMinutes": 0}}}';
    const parsed = parseConfigText(text, ws);
    assert.deepEqual(parsed.servers.map((s) => s.name), ['ok']);
    assert.deepEqual(
      parsed.problems.map((p) => [p.server, p.line, p.column, p.message]),
      [
        ['t', 2, 36, '"timeoutMs" must be at least 1 (it is 0)'],
        ['m', 3, 45, '"maxSessions" must be at least 1 (it is 0)'],
        ['i', 4, 38, '"idleMinutes" must be at least 0 (it is -1)'],
      ],
    );
    // The settings schema in package.json states the same minimums.
    type Schema = { properties: Record<string, { additionalProperties?: Schema; minimum?: number }> };
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../../package.json'), 'utf8')) as { contributes: { configuration: Schema } };
    const fields = manifest.contributes.configuration.properties['switchboard.mcp.servers']?.additionalProperties?.properties;
    assert.deepEqual([fields?.timeoutMs?.minimum, fields?.maxSessions?.minimum, fields?.idleMinutes?.minimum], [1, 1, 0]);
  });

  it('keeps the servers of the last good version while a file is broken, and forgets deleted files', () => {
    const memory = new LastGoodConfigs();
    const good = '{"servers": {"a": {"command": "x"}, "b": {"url": "http://h/mcp"}}}';
    const broken = '{"servers": {"a": {"command": "x"} "b": {"url": "http://h/mcp"}}}';
    assert.deepEqual(memory.take(ws.file, parseConfigText(good, ws)).servers.map((s) => s.name), ['a', 'b']);
    memory.endRound();
    const kept = memory.take(ws.file, parseConfigText(broken, ws));
    assert.deepEqual(kept.servers.map((s) => s.name), ['a', 'b'], 'the running servers are not dropped');
    assert.deepEqual(kept.problems.map((p) => p.message), ['JSON syntax error: expected a comma'], 'and the error is still reported');
    memory.endRound();
    memory.endRound(); // a round in which the file was not there: it was deleted
    assert.deepEqual(memory.take(ws.file, parseConfigText(broken, ws)).servers, [], 'a deleted file leaves nothing behind');
  });

  it('parses Claude-style mcpServers and a setting value of the same shape', () => {
    const claude = parseConfigText('{"mcpServers": {"c": {"command": "node", "args": ["s.js"]}, "r": {"url": "http://h/mcp"}}}', { file: '.mcp.json', scope: 'workspace' });
    assert.deepEqual(claude.servers.map((s) => s.server.type), ['stdio', 'http']);
    const setting = parseConfigValue({ s: { command: 'x', timeoutMs: 500, eager: true } }, { file: 'switchboard.mcp.servers', scope: 'user' });
    assert.equal(setting.servers[0]?.server.timeoutMs, 500);
    const bad = parseConfigValue({ s: { command: 'x', type: 'ws' } }, { file: 'switchboard.mcp.servers', scope: 'user' });
    assert.match(bad.problems[0]!.message, /unknown "type" "ws"/);
  });

  it('reads "protocol" (auto, legacy or a pinned version) and names a bad one at its position', () => {
    const text = '{"servers": {\n"a": {"command": "x", "protocol": "legacy"},\n"p": {"url": "http://h/mcp", "protocol": "2026-07-28"},\n"bad": {"command": "x", "protocol": "newest"}}}';
    const parsed = parseConfigText(text, { file: 'mcp.json', scope: 'user' });
    assert.deepEqual(parsed.servers.map((s) => [s.name, s.server.protocol]), [['a', 'legacy'], ['p', '2026-07-28']]);
    assert.equal(parsed.problems[0]?.server, 'bad');
    assert.equal(parsed.problems[0]?.line, 4);
    assert.match(parsed.problems[0]!.message, /"protocol" must be "auto", "legacy" or a protocol version/);
  });

  it('substitutes variables, asks inputs through the host, merges envFile, and collects secrets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-mcp-'));
    try {
      writeFileSync(join(dir, '.env'), '# comment\nFROM_FILE="file value"\nKEY=overridden\n');
      const parsed = parseConfigText(vscodeFile, ws);
      const asked: string[] = [];
      const ctx: ResolveContext = {
        workspaceFolder: dir,
        userHome: '/home/u',
        env: { TOKEN: 'env-secret-value' },
        resolveInput: async (_server, input) => (asked.push(input.id), 'sk-test-12345'),
      };
      const files = await resolveServer(parsed.servers[0]!, parsed.inputs, ctx);
      assert.equal(files.transport.type, 'stdio');
      if (files.transport.type !== 'stdio') return;
      assert.deepEqual(files.transport.args, ['-y', 'server', dir]);
      assert.deepEqual(files.transport.env, { FROM_FILE: 'file value', KEY: 'sk-test-12345' });
      assert.deepEqual(asked, ['api-key']);
      assert.equal(redact('key is sk-test-12345', files.secrets), 'key is ***');
      const remote = await resolveServer(parsed.servers[1]!, parsed.inputs, ctx);
      assert.deepEqual(remote.transport.type === 'http' && remote.transport.headers, { Authorization: 'Bearer sk-test-12345' });
      const envUse = parseConfigValue({ e: { command: '${userHome}/bin/x', args: ['${env:TOKEN}', '${env:MISSING}'] } }, ws).servers[0]!;
      const resolved = await resolveServer(envUse, [], ctx);
      assert.deepEqual(resolved.transport.type === 'stdio' && [resolved.transport.command, ...resolved.transport.args], ['/home/u/bin/x', 'env-secret-value', '']);
      const unknown = parseConfigValue({ u: { command: '${nope}' } }, ws).servers[0]!;
      await assert.rejects(resolveServer(unknown, [], ctx), /server "u": unknown variable \$\{nope\}/);
      const declined = { ...ctx, resolveInput: async () => undefined };
      await assert.rejects(resolveServer(parsed.servers[0]!, parsed.inputs, declined), /input "api-key" was not provided/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses env files', () => {
    assert.deepEqual(parseEnvFile("export A=1\nB='two words'\nC=3 # trailing\n\n#D=4\n"), { A: '1', B: 'two words', C: '3' });
  });

  it('diffs configurations into added, removed and changed servers', () => {
    const mk = (name: string, command: string): ServerEntry => ({
      name,
      source: ws,
      server: { type: 'stdio', command, args: [], env: {} },
      inputs: [],
    });
    const prev = new Map([mk('a', 'x'), mk('b', 'y'), mk('c', 'z')].map((e) => [e.name, e]));
    const diff = diffServers(prev, [mk('a', 'x'), { ...mk('b', 'changed'), line: 3 }, mk('d', 'w')]);
    assert.deepEqual(diff.added.map((e) => e.name), ['d']);
    assert.deepEqual(diff.removed, ['c']);
    assert.deepEqual(diff.changed.map((e) => e.name), ['b']);
    assert.deepEqual(diffServers(prev, [{ ...mk('a', 'x'), line: 40 }, mk('b', 'y'), mk('c', 'z')]).changed, [], 'moving an entry in the file is no change');
  });
});
