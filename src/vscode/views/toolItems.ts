// Tree rows for the MCP Tools view: a tool (title, annotation icon, enabled state, approval mode, pin), a configuration
// problem, a tool-limit warning. Server-supplied text goes into plain-string tooltips only.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ConfigProblem } from '../../core/mcp/configTypes';
import type { ToolEntry, ToolRegistry } from '../../core/mcp/registry';
import { type ToolHints, toolHints } from '../../core/tools/toolHints';
import { Commands } from '../commandIds';

export function toolItem(entry: ToolEntry, registry: ToolRegistry): vscode.TreeItem {
  const prefs = registry.preferences;
  const enabled = registry.isEnabled(entry);
  const mode = prefs.approvalMode(entry.qualifiedName);
  const hints = toolHints(entry.definition);
  // The server's title reads better; the name stays beside it, as models and the ledger see it.
  const item = new vscode.TreeItem(hints.title ?? entry.tool, vscode.TreeItemCollapsibleState.None);
  item.id = `tool:${entry.qualifiedName}`;
  const pinned = prefs.isPinned(entry.qualifiedName);
  const flags = [
    hints.title ? entry.tool : undefined,
    hints.destructive ? 'destructive' : hints.readOnly ? 'read-only' : undefined,
    enabled ? undefined : 'disabled',
    mode === 'auto' && !hints.destructive ? 'auto-approved' : undefined,
    pinned ? 'pinned' : undefined,
  ];
  item.description = flags.filter(Boolean).join(' · ');
  item.iconPath = toolIcon(enabled, hints);
  item.contextValue = `tool.${enabled ? 'enabled' : 'disabled'}.${mode}`;
  const hintLine = hints.destructive
    ? 'Its server marks it destructive: it asks before every run.'
    : hints.readOnly
      ? 'Its server marks it read-only (a hint; see switchboard.tools.autoApproveReadOnly).'
      : undefined;
  const lines = [entry.qualifiedName, ...(hints.title ? [hints.title] : []), '', entry.description || '(no description)', ''];
  item.tooltip = [...lines, ...(hintLine ? [hintLine] : []), `~${registry.toolTokens(entry)} prompt tokens`].join('\n');
  item.command = { command: Commands.callTool, title: 'Call Tool', arguments: [{ kind: 'tool', entry }] };
  return item;
}

/** Destructive and read-only tools get their own icons, over any icon the server sends. */
function toolIcon(enabled: boolean, hints: ToolHints): vscode.TreeItem['iconPath'] {
  if (!enabled) return new vscode.ThemeIcon('circle-slash');
  if (hints.destructive) return new vscode.ThemeIcon('flame', new vscode.ThemeColor('errorForeground'));
  if (hints.readOnly) return new vscode.ThemeIcon('eye');
  if (hints.icon) return { light: vscode.Uri.parse(hints.icon.light), dark: vscode.Uri.parse(hints.icon.dark) };
  return new vscode.ThemeIcon('tools');
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
