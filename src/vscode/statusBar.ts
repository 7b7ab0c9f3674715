// The status-bar items: the cost meter's and the gateway's. Their owners (CostMeter,
// showGatewayStatus) name, fill in and show them; this only makes VS Code's items.
import * as vscode from 'vscode';

export const STATUS_ITEM_ID = 'switchboard.costMeter';
/** Right side, left of VS Code's own language and encoding items. */
const STATUS_ITEM_PRIORITY = 100;

export function createStatusItem(): vscode.StatusBarItem {
  return vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, STATUS_ITEM_PRIORITY);
}

export const GATEWAY_STATUS_ITEM_ID = 'switchboard.gateway';

/** The gateway's item, just left of the cost meter. */
export function createGatewayStatusItem(): vscode.StatusBarItem {
  return vscode.window.createStatusBarItem(GATEWAY_STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, STATUS_ITEM_PRIORITY - 1);
}
