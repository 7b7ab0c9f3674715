// Every command Switchboard contributes, by one id each. The `switchboard.` prefix is applied
// here once; registration, executeCommand calls and tree/status-bar commands all use this table,
// and a unit test checks it against package.json's contributes.commands.

const PREFIX = 'switchboard.';

const NAMES = {
  showLog: 'showLog',
  setApiKey: 'setApiKey',
  selectModel: 'selectModel',
  clearResponseCache: 'clearResponseCache',
  showCacheStats: 'showCacheStats',
  showLedgerHealth: 'showLedgerHealth',
  showMcpTimings: 'showMcpTimings',
  recomputeCosts: 'recomputeCosts',
  exportUsage: 'exportUsage',
  startServer: 'mcp.startServer',
  stopServer: 'mcp.stopServer',
  restartServer: 'mcp.restartServer',
  openMcpConfiguration: 'mcp.openConfiguration',
  signInServer: 'mcp.signIn',
  signOutServer: 'mcp.signOut',
  runPrompt: 'runPrompt',
  callTool: 'callTool',
  showDashboard: 'showDashboard',
  setBudget: 'setBudget',
  addServer: 'addServer',
  importClaudeConfig: 'importClaudeConfig',
  refreshTools: 'refreshTools',
  filterTools: 'filterTools',
  clearToolFilter: 'clearToolFilter',
  openConfigProblem: 'openConfigProblem',
  enableTool: 'enableTool',
  disableTool: 'disableTool',
  toggleAutoApprove: 'toggleAutoApprove',
  togglePinTool: 'togglePinTool',
  readResource: 'readResource',
  runMcpPrompt: 'runMcpPrompt',
  copyToolName: 'copyToolName',
  treeStartServer: 'tools.start',
  treeStopServer: 'tools.stop',
  treeRestartServer: 'tools.restart',
  showServerLog: 'showServerLog',
  createGatewayKey: 'gateway.createKey',
  revokeGatewayKey: 'gateway.revokeKey',
  copyGatewaySetup: 'gateway.copySetup',
  connectTeamLedger: 'connectTeamLedger',
  disconnectTeamLedger: 'disconnectTeamLedger',
  showTeamLedgerStatus: 'showTeamLedgerStatus',
} as const;

type Prefixed<T> = { readonly [K in keyof T]: `${typeof PREFIX}${T[K] & string}` };

export const Commands = Object.freeze(
  Object.fromEntries(Object.entries(NAMES).map(([key, name]) => [key, `${PREFIX}${name}`])),
) as Prefixed<typeof NAMES>;

export type CommandId = (typeof Commands)[keyof typeof Commands];
