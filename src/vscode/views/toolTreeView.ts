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
  void configLoaded.then(() => {
    // Both at once: the rows are already there, and with no servers the welcome may now show.
    void vscode.commands.executeCommand('setContext', 'switchboard.mcpLoaded', true);
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
