// The project's layers, checked by `npm test` (step "boundaries"). `src/core` is host-free and
// layered: llm and mcp at the bottom, then usage, then cache, tools, team and chat side by side, then agent.
// team (the shared PostgreSQL ledger) reads usage; nothing below it may import it.
// gateway (the loopback server other tools call) sits on llm, usage, cache, mcp and tools.
// The webview pages (`media/`) meet the host only through their protocol module.
/** @type {import('dependency-cruiser').IConfiguration} */
const layer = (from, forbidden) => ({
  name: `core-${from}-below-${forbidden.join('-')}`,
  comment: `src/core/${from} is below ${forbidden.join(', ')} and may not import them`,
  severity: 'error',
  from: { path: `^src/core/${from}/` },
  to: { path: `^src/core/(${forbidden.join('|')})/` },
});

module.exports = {
  forbidden: [
    {
      name: 'core-is-host-free',
      comment: 'src/core runs in plain Node: no vscode, no host layer, no pages',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(vscode$|src/vscode/|src/extension\\.ts$|media/)' },
    },
    layer('llm', ['mcp', 'usage', 'cache', 'tools', 'team', 'agent', 'gateway', 'chat']),
    layer('mcp', ['llm', 'usage', 'cache', 'tools', 'team', 'agent', 'gateway', 'chat']),
    layer('usage', ['cache', 'tools', 'team', 'agent', 'gateway', 'chat']),
    layer('team', ['cache', 'tools', 'agent', 'gateway', 'chat']),
    layer('cache', ['tools', 'agent', 'gateway', 'chat']),
    layer('tools', ['cache', 'agent', 'gateway', 'chat']),
    layer('agent', ['gateway', 'chat']),
    // chat (VS Code's chat requests in neutral terms) reads llm and usage; only the host uses it.
    layer('chat', ['mcp', 'cache', 'tools', 'team', 'agent', 'gateway']),
    {
      name: 'core-gateway-uses-lower-layers',
      comment: 'src/core/gateway sits above llm, usage, cache, mcp and tools; it may not import agent or team',
      severity: 'error',
      from: { path: '^src/core/gateway/' },
      to: { path: '^src/core/(agent|team)/' },
    },
    {
      name: 'host-meets-pages-through-protocol',
      comment: 'src/ may import from media/ only its protocol module',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^media/', pathNot: '^media/protocol\\.ts$' },
    },
    {
      name: 'pages-run-no-host-code',
      comment: 'media/ owns the page contract and imports nothing from src/ (not even types)',
      severity: 'error',
      from: { path: '^media/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-circular-core',
      comment: 'no import cycles in the core',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
