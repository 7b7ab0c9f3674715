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
    // The welcome may show once VS Code holds the loaded rows: with none, it is the view's
    // content; with some, it must not flash in the moment before they arrive. So refresh, and
    // set the key once VS Code has been served the roots after that.
    const served = explorer.onDidServeRoots(() => {
      served.dispose();
      void vscode.commands.executeCommand('setContext', 'switchboard.mcpLoaded', true);
      if (!disposed) tree.message = undefined;
    });
    explorer.refresh();
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
