// The MCP Tools view around the explorer. Until the MCP configuration has been read once, the
// view says it is loading: the welcome content ("No MCP servers are configured yet") is gated
// on the `switchboard.mcpLoaded` context key, so it cannot flash while servers are on their way.
import * as vscode from 'vscode';
import type { ExplorerNode, ToolExplorer } from './toolExplorer';

export const LOADING_MESSAGE = 'Loading MCP configuration…';

export function createToolTreeView(explorer: ToolExplorer, configLoaded: Promise<void>): vscode.Disposable {
  const tree = vscode.window.createTreeView<ExplorerNode>('switchboard.tools', { treeDataProvider: explorer, showCollapseAll: true });
  tree.message = LOADING_MESSAGE;
  let disposed = false;
  void configLoaded.then(async () => {
    // The key first: with the message gone and no servers, the welcome content may show at once.
    await vscode.commands.executeCommand('setContext', 'switchboard.mcpLoaded', true);
    if (!disposed) tree.message = undefined;
  });
  const tracking = explorer.trackExpansion(tree);
  return {
    dispose: () => {
      disposed = true;
      tracking.dispose();
      tree.dispose();
    },
  };
}
