// What the extension registers with VS Code for a Switchboard: its commands, the MCP Tools view,
// the dashboard's serializer and its models in VS Code's chat. Kept apart from construction
// (switchboard.ts) so host tests can build services without registering anything.
import * as vscode from 'vscode';
import { DisposableStore, type Disposable } from '../core/lifecycle';
import { cacheCommands } from './cache/cacheCommands';
import { registerChatModels } from './chat/registerChat';
import { Commands } from './commandIds';
import { registerCommands } from './commands';
import { DASHBOARD_VIEW_TYPE } from './dashboard/dashboardPanel';
import { gatewayCommands } from './gateway/gatewayCommands';
import { MCP_DEFINITION_PROVIDER_ID } from './gateway/mcpDefinitions';
import { mcpCommands } from './mcp/mcpCommands';
import { mcpTimingsCommand } from './mcp/mcpTimingsCommand';
import type { Switchboard } from './switchboard';
import { usageCommands } from './usage/usageCommands';
import { setBudget } from './usage/setBudget';
import { teamCommands } from './team/teamCommands';
import { explorerCommands } from './views/explorerCommands';
import { createToolTreeView } from './views/toolTreeView';

/** Runs a prompt with scripted arguments (palette: none); anything missing is asked for. */
function promptArgs(args: unknown): { prompt?: string; providerId?: string; model?: string } {
  if (typeof args !== 'object' || args === null) return {};
  const { prompt, providerId, model } = args as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { prompt: text(prompt), providerId: text(providerId), model: text(model) };
}

export function registerContributions(sb: Switchboard): Disposable {
  const store = new DisposableStore();
  const { log, config, prompts } = sb.ports;
  store.add(createToolTreeView(sb.explorer, sb.mcp.whenLoaded()));
  store.add(vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, sb.dashboard));
  store.add(vscode.lm.registerMcpServerDefinitionProvider(MCP_DEFINITION_PROVIDER_ID, sb.mcpDefinitions));
  store.add(registerChatModels(sb));
  store.add(vscode.workspace.registerTextDocumentContentProvider(sb.mcp.resources.scheme, sb.mcp.resources));
  for (const d of registerCommands(
    {
      [Commands.showLog]: () => log.show(true),
      [Commands.showDashboard]: () => sb.dashboard.show(),
      [Commands.setBudget]: (period?: unknown, amount?: unknown) => setBudget(config, prompts, sb.ports.workspace() !== undefined, period, amount),
      // Resolves with nothing: a caller learns nothing about the run (its results are in the panel).
      [Commands.runPrompt]: async (args?: unknown) => void (await sb.runPrompt(promptArgs(args))),
      ...sb.providers.commands,
      ...cacheCommands(sb.cache, log),
      ...usageCommands(sb.ledger, config, log),
      ...mcpCommands(sb.mcp),
      ...mcpTimingsCommand(sb.mcp.pool, () => sb.ledger.get(), log),
      ...explorerCommands(sb.mcp, sb.explorer, sb.callTool),
      ...gatewayCommands({ gateway: sb.gateway, prompts, providers: () => sb.providers.pool.configs(), clipboard: vscode.env.clipboard }),
      ...teamCommands({ team: sb.team, config, prompts, secrets: sb.ports.storage.secrets }),
    },
    log,
  ))
    store.add(d);
  return store;
}
