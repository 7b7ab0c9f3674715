// The status-bar item that becomes the cost meter once the usage ledger lands.
import * as vscode from 'vscode';

export const STATUS_ITEM_ID = 'switchboard.costMeter';

export function createStatusItem(): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, 100);
  item.name = 'Switchboard';
  item.text = '$(pulse) Switchboard';
  item.tooltip = 'Switchboard: no usage recorded yet. Click to show the log.';
  item.command = 'switchboard.showLog';
  item.show();
  return item;
}
