// "Copy Gateway Setup for…": the exact settings each tool needs to use the gateway, for its
// providers (the wire format it speaks) and, where it takes MCP servers, for `/mcp`.

export const SETUP_TOOLS = ['claude-code', 'codex', 'cline', 'continue', 'aider', 'openai'] as const;
export type SetupTool = (typeof SETUP_TOOLS)[number];

export const SETUP_TOOL_LABELS: Readonly<Record<SetupTool, string>> = {
  'claude-code': 'Claude Code',
  codex: 'Codex CLI',
  cline: 'Cline',
  continue: 'Continue',
  aider: 'aider',
  openai: 'Generic OpenAI client',
};

export interface SetupTarget {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** The client key, as created for this tool. */
  key: string;
  /** A model to name where the tool needs one: `provider/model`. */
  model: string;
}

const shellExports = (vars: Record<string, string>): string[] => Object.entries(vars).map(([name, value]) => `export ${name}=${value}`);

/** The setup text for `tool`: what to paste where, with the key filled in. */
export function setupSnippet(tool: SetupTool, { baseUrl, key, model }: SetupTarget): string {
  const v1 = `${baseUrl}/v1`;
  const mcp = `${baseUrl}/mcp`;
  switch (tool) {
    case 'claude-code':
      return [
        '# Claude Code: in your shell profile (or "env" in ~/.claude/settings.json)',
        ...shellExports({ ANTHROPIC_BASE_URL: baseUrl, ANTHROPIC_AUTH_TOKEN: key }),
        '',
        "# Switchboard's MCP servers (one warm copy shared with every client)",
        `claude mcp add --transport http switchboard ${mcp} --header "Authorization: Bearer ${key}"`,
      ].join('\n');
    case 'codex':
      return [
        '# Codex CLI: ~/.codex/config.toml',
        'model_provider = "switchboard"',
        `model = "${model}"`,
        '',
        '[model_providers.switchboard]',
        'name = "Switchboard"',
        `base_url = "${v1}"`,
        'env_key = "SWITCHBOARD_API_KEY"',
        'wire_api = "responses"',
        '',
        '[mcp_servers.switchboard]',
        `url = "${mcp}"`,
        'bearer_token_env_var = "SWITCHBOARD_API_KEY"',
        '',
        '# and in your shell profile:',
        `# export SWITCHBOARD_API_KEY=${key}`,
      ].join('\n');
    case 'cline':
      return [
        'Cline: Settings → API Provider "OpenAI Compatible"',
        `  Base URL: ${v1}`,
        `  API Key:  ${key}`,
        `  Model ID: ${model}`,
        '',
        'MCP servers → Configure (cline_mcp_settings.json), add to "mcpServers":',
        JSON.stringify({ switchboard: { type: 'streamableHttp', url: mcp, headers: { Authorization: `Bearer ${key}` } } }, null, 2),
      ].join('\n');
    case 'continue':
      return [
        '# Continue: ~/.continue/config.yaml',
        'models:',
        '  - name: Switchboard',
        '    provider: openai',
        `    model: ${model}`,
        `    apiBase: ${v1}`,
        `    apiKey: ${key}`,
        'mcpServers:',
        '  - name: Switchboard',
        '    type: streamable-http',
        `    url: ${mcp}`,
        '    requestOptions:',
        '      headers:',
        `        Authorization: Bearer ${key}`,
      ].join('\n');
    case 'aider':
      return ['# aider: in your shell (or .env)', ...shellExports({ OPENAI_API_BASE: v1, OPENAI_API_KEY: key }), `aider --model openai/${model}`].join('\n');
    case 'openai':
      return [
        '# Any OpenAI client (Chat Completions or Responses); Anthropic clients use the base URL without /v1',
        ...shellExports({ OPENAI_BASE_URL: v1, OPENAI_API_KEY: key }),
        `# model: "${model}" (GET ${v1}/models lists them all)`,
      ].join('\n');
  }
}
