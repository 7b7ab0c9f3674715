// Tree rows for the MCP Tools view: a tool (enabled state, approval mode, pin), a configuration
// problem, a tool-limit warning. Server-supplied text goes into plain-string tooltips only.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ConfigProblem } from '../../core/mcp/configTypes';
import type { ToolEntry, ToolRegistry } from '../../core/mcp/registry';
import { Commands } from '../commandIds';

export function toolItem(entry: ToolEntry, registry: ToolRegistry): vscode.TreeItem {
  const prefs = registry.preferences;
  const enabled = registry.isEnabled(entry);
  const mode = prefs.approvalMode(entry.qualifiedName);
  const item = new vscode.TreeItem(entry.tool, vscode.TreeItemCollapsibleState.None);
  item.id = `tool:${entry.qualifiedName}`;
  const pinned = prefs.isPinned(entry.qualifiedName);
  item.description = [enabled ? undefined : 'disabled', mode === 'auto' ? 'auto-approved' : undefined, pinned ? 'pinned' : undefined].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(enabled ? 'tools' : 'circle-slash');
  item.contextValue = `tool.${enabled ? 'enabled' : 'disabled'}.${mode}`;
  item.tooltip = [entry.qualifiedName, '', entry.description || '(no description)', '', `~${registry.toolTokens(entry)} prompt tokens`].join('\n');
  item.command = { command: Commands.callTool, title: 'Call Tool', arguments: [{ kind: 'tool', entry }] };
  return item;
}

export function problemItem(p: ConfigProblem): vscode.TreeItem {
  const where = `${basename(p.file)}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}`;
  const item = new vscode.TreeItem(`${where} ${p.server ? `"${p.server}": ` : ''}${p.message}`, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(p.warning ? 'warning' : 'error', new vscode.ThemeColor(p.warning ? 'problemsWarningIcon.foreground' : 'errorForeground'));
  const kept = p.syntax ? '\n\nUntil it is fixed, the servers from the last version of this file that could be read stay as they were.' : '';
  item.tooltip = `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}\n${p.server ? `server "${p.server}": ` : ''}${p.message}${kept}`;
  item.contextValue = 'configProblem';
  item.command = { command: Commands.openConfigProblem, title: 'Open', arguments: [{ kind: 'problem', problem: p }] };
  return item;
}

export function warningItem(text: string): vscode.TreeItem {
  const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  item.tooltip = `${text}\n\nSettings: switchboard.agent.maxTools, switchboard.agent.toolTokenBudget.`;
  item.contextValue = 'toolLimitWarning';
  return item;
}
