// The cost meter's status-bar item. CostMeter names, fills in and shows it; this only makes
// VS Code's item (the production StatusItemSink).
import * as vscode from 'vscode';

export const STATUS_ITEM_ID = 'switchboard.costMeter';
/** Right side, left of VS Code's own language and encoding items. */
const STATUS_ITEM_PRIORITY = 100;

export function createStatusItem(): vscode.StatusBarItem {
  return vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, STATUS_ITEM_PRIORITY);
}
