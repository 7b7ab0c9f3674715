// The cost meter's status-bar item, shown from activation on; CostMeter fills in the figures
// once the usage ledger has opened (a few seconds later, off the activation path).
import * as vscode from 'vscode';

export const STATUS_ITEM_ID = 'switchboard.costMeter';

export function createStatusItem(): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, 100);
  item.name = 'Switchboard Cost Meter';
  item.text = '$(pulse) Switchboard';
  item.tooltip = 'Switchboard: reading usage… Click to open the usage dashboard.';
  item.command = 'switchboard.showDashboard';
  item.show();
  return item;
}
