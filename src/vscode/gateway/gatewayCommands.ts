// The gateway's commands: create a named client key (shown once, with a Copy button), revoke
// one (it fails on its next request), and copy a tool's exact setup with a fresh key in it.
import * as vscode from 'vscode';
import { SETUP_TOOLS, SETUP_TOOL_LABELS, setupSnippet } from '../../core/gateway/setupSnippets';
import type { SetupTool } from '../../core/gateway/setupSnippets';
import type { ProviderConfig } from '../../core/llm/provider';
import { Commands } from '../commandIds';
import type { CommandMap } from '../commands';
import type { UiPrompts } from '../uiPrompts';
import type { GatewayHost } from './gatewayHost';
import { VSCODE_CLIENT_NAME } from './mcpDefinitions';

const COPY = 'Copy';

export interface GatewayCommandPorts {
  gateway: GatewayHost;
  prompts: UiPrompts;
  providers: () => readonly ProviderConfig[];
  clipboard: Pick<vscode.Clipboard, 'writeText'>;
}

export function gatewayCommands(ports: GatewayCommandPorts): CommandMap {
  return {
    [Commands.createGatewayKey]: (name?: unknown) => createKey(ports, typeof name === 'string' ? name : undefined),
    [Commands.revokeGatewayKey]: (name?: unknown) => revokeKey(ports, typeof name === 'string' ? name : undefined),
    [Commands.copyGatewaySetup]: (tool?: unknown) => copySetup(ports, SETUP_TOOLS.includes(tool as SetupTool) ? (tool as SetupTool) : undefined),
  };
}

async function createKey({ gateway, prompts, clipboard }: GatewayCommandPorts, given: string | undefined): Promise<string | undefined> {
  const name = given ?? (await prompts.input({ title: 'Gateway client name', prompt: 'Who will use this key, e.g. "claude-code" or "cline"', ignoreFocusOut: true }));
  if (!name) return undefined;
  const { client, key } = await gateway.keys.create(name);
  const answer = await prompts.confirm(
    `Gateway key for "${client.name}"`,
    `${key}\n\nThis is the only time the key is shown: Switchboard keeps only its hash.`,
    COPY,
  );
  if (answer === COPY) await clipboard.writeText(key);
  return client.name;
}

async function revokeKey({ gateway, prompts }: GatewayCommandPorts, given: string | undefined): Promise<boolean> {
  const names = (await gateway.keys.list()).map((k) => k.name);
  if (names.length === 0) {
    void prompts.info('Switchboard: there are no gateway client keys.');
    return false;
  }
  const name = given ?? (await prompts.pickText(names, { title: 'Revoke which gateway client key?' }));
  if (!name) return false;
  const revoked = await gateway.keys.revoke(name);
  if (revoked) void prompts.info(`Switchboard: the gateway key of "${name}" is revoked; its next request is refused.`);
  return revoked;
}

async function copySetup(ports: GatewayCommandPorts, given: SetupTool | undefined): Promise<SetupTool | undefined> {
  const { gateway, prompts, clipboard } = ports;
  const labels = SETUP_TOOLS.map((t) => SETUP_TOOL_LABELS[t]);
  const label = given ? SETUP_TOOL_LABELS[given] : await prompts.pickText(labels, { title: 'Copy Gateway Setup for…' });
  const tool = SETUP_TOOLS.find((t) => SETUP_TOOL_LABELS[t] === label);
  if (!tool) return undefined;
  const baseUrl = gateway.url;
  if (!baseUrl) {
    const open = 'Open Settings';
    if ((await prompts.warn('Switchboard: the gateway is off; turn on switchboard.gateway.enabled first.', open)) === open) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'switchboard.gateway');
    }
    return undefined;
  }
  const { client, key } = await gateway.keys.create(await freeName(gateway, tool));
  const first = ports.providers()[0];
  const model = first ? `${first.id}/${first.defaultModel ?? 'MODEL'}` : 'provider/model';
  await clipboard.writeText(setupSnippet(tool, { baseUrl, key, model }));
  void prompts.info(`Switchboard: setup for ${label} copied, with a new key for client "${client.name}" (it is not shown again).`);
  return tool;
}

/** `tool`, or `tool-2`, `tool-3`… when taken (never VS Code's own). */
async function freeName(gateway: GatewayHost, tool: string): Promise<string> {
  const taken = new Set([...(await gateway.keys.list()).map((k) => k.name), VSCODE_CLIENT_NAME]);
  let name = tool;
  for (let n = 2; taken.has(name); n++) name = `${tool}-${n}`;
  return name;
}
