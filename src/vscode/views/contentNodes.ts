// The explorer's rows for what a server offers besides tools: a Resources and a Prompts group
// (when the server declares them), each listing every page on expand; a resource opens read-only
// in an editor, a prompt runs through Run Prompt. Server text goes into plain strings only.
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import type { McpPool } from '../../core/mcp/pool';
import { contentCapabilities, listPrompts, listResources, type PromptItem, type ResourceItem } from '../../core/mcp/serverContent';
import { Commands } from '../commandIds';

export type ContentNode =
  | { kind: 'resources'; server: string }
  | { kind: 'prompts'; server: string }
  | { kind: 'resource'; server: string; item: ResourceItem }
  | { kind: 'prompt'; server: string; item: PromptItem }
  | { kind: 'message'; server: string; text: string };

/** The groups `server` offers; none when it offers neither or cannot say. */
export async function contentGroups(pool: McpPool, server: string): Promise<ContentNode[]> {
  try {
    const caps = await contentCapabilities(pool, server);
    return [...(caps.resources ? [{ kind: 'resources' as const, server }] : []), ...(caps.prompts ? [{ kind: 'prompts' as const, server }] : [])];
  } catch {
    return [];
  }
}

export async function groupChildren(pool: McpPool, node: { kind: 'resources' | 'prompts'; server: string }): Promise<ContentNode[]> {
  const { server } = node;
  try {
    if (node.kind === 'resources') {
      const items = await listResources(pool, server);
      return items.length ? items.map((item) => ({ kind: 'resource', server, item })) : [{ kind: 'message', server, text: 'no resources' }];
    }
    const items = await listPrompts(pool, server);
    return items.length ? items.map((item) => ({ kind: 'prompt', server, item })) : [{ kind: 'message', server, text: 'no prompts' }];
  } catch (err) {
    return [{ kind: 'message', server, text: errorMessage(err) }];
  }
}

export function contentItem(node: Exclude<ContentNode, { kind: 'message' }>): vscode.TreeItem {
  if (node.kind === 'resources' || node.kind === 'prompts') {
    const item = new vscode.TreeItem(node.kind === 'resources' ? 'Resources' : 'Prompts', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${node.kind}:${node.server}`;
    item.iconPath = new vscode.ThemeIcon(node.kind === 'resources' ? 'files' : 'comment-discussion');
    return item;
  }
  if (node.kind === 'resource') {
    const r = node.item;
    const item = new vscode.TreeItem(r.title ?? r.name, vscode.TreeItemCollapsibleState.None);
    item.id = `resource:${node.server}:${r.uri}`;
    item.description = r.uri;
    item.tooltip = [r.uri, r.mimeType ?? '', '', r.description ?? ''].join('\n').trim();
    item.iconPath = new vscode.ThemeIcon('file');
    item.contextValue = 'mcpResource';
    item.command = { command: Commands.readResource, title: 'Read', arguments: [node] };
    return item;
  }
  const p = node.item;
  const item = new vscode.TreeItem(p.title ?? p.name, vscode.TreeItemCollapsibleState.None);
  item.id = `prompt:${node.server}:${p.name}`;
  item.description = p.arguments.length ? p.arguments.map((a) => a.name).join(', ') : undefined;
  item.tooltip = [p.name, '', p.description ?? ''].join('\n').trim();
  item.iconPath = new vscode.ThemeIcon('comment');
  item.contextValue = 'mcpPrompt';
  item.command = { command: Commands.runMcpPrompt, title: 'Run', arguments: [node] };
  return item;
}
