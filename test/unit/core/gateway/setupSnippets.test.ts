import * as assert from 'node:assert/strict';
import { SETUP_TOOLS, setupSnippet } from '../../../../src/core/gateway/setupSnippets';

const target = { baseUrl: 'http://127.0.0.1:4317', key: 'sb-KEY', model: 'openai/gpt-4o-mini' };

describe('Gateway setup snippets', () => {
  it('Claude Code: the Anthropic base URL (no /v1) and the key as auth token, plus /mcp', () => {
    const text = setupSnippet('claude-code', target);
    assert.match(text, /^export ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:4317$/m);
    assert.match(text, /^export ANTHROPIC_AUTH_TOKEN=sb-KEY$/m);
    assert.match(text, /claude mcp add --transport http switchboard http:\/\/127\.0\.0\.1:4317\/mcp --header "Authorization: Bearer sb-KEY"/);
  });

  it('Codex CLI: a model provider on the Responses API (Codex refuses wire_api = "chat") and the MCP server', () => {
    const text = setupSnippet('codex', target);
    assert.match(text, /^model_provider = "switchboard"$/m);
    assert.match(text, /^\[model_providers\.switchboard\]\nname = "Switchboard"\nbase_url = "http:\/\/127\.0\.0\.1:4317\/v1"\nenv_key = "SWITCHBOARD_API_KEY"\nwire_api = "responses"$/m);
    assert.match(text, /^\[mcp_servers\.switchboard\]\nurl = "http:\/\/127\.0\.0\.1:4317\/mcp"$/m);
  });

  it('Cline\'s MCP entry is valid JSON with the key in its headers', () => {
    const json = setupSnippet('cline', target).slice(setupSnippet('cline', target).indexOf('{'));
    assert.deepEqual(JSON.parse(json), { switchboard: { type: 'streamableHttp', url: 'http://127.0.0.1:4317/mcp', headers: { Authorization: 'Bearer sb-KEY' } } });
  });

  it('every tool gets its key and the gateway URL', () => {
    for (const tool of SETUP_TOOLS) {
      const text = setupSnippet(tool, target);
      assert.ok(text.includes('sb-KEY') && text.includes('http://127.0.0.1:4317'), tool);
    }
    assert.match(setupSnippet('aider', target), /^aider --model openai\/openai\/gpt-4o-mini$/m);
  });
});
