// Offers the gateway's `/mcp` to VS Code as an MCP server (vscode.lm), so VS Code's own chat
// uses Switchboard's warm pool instead of starting its own copies. The definition exists only
// while the gateway runs; its key (client "vscode") is created once and kept in SecretStorage,
// and is filled in only when VS Code starts the server (resolve), never in the listing.
import * as vscode from 'vscode';
import type { Disposable } from '../../core/lifecycle';
import type { GatewayHost } from './gatewayHost';

/** The provider id, also in package.json's contributes.mcpServerDefinitionProviders. */
export const MCP_DEFINITION_PROVIDER_ID = 'switchboard.gateway';
export const VSCODE_CLIENT_NAME = 'vscode';
const VSCODE_KEY_SECRET = 'switchboard.gateway.vscodeKey';

export class GatewayMcpDefinitions implements vscode.McpServerDefinitionProvider<vscode.McpHttpServerDefinition>, Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private readonly subscription: Disposable;
  private lastUrl: string | undefined;

  constructor(
    private readonly gateway: GatewayHost,
    private readonly secrets: vscode.SecretStorage,
    private readonly version: string,
  ) {
    this.lastUrl = gateway.url;
    this.subscription = gateway.onDidChange.event(() => {
      if (gateway.url === this.lastUrl) return;
      this.lastUrl = gateway.url;
      this.changed.fire();
    });
  }

  provideMcpServerDefinitions(): vscode.McpHttpServerDefinition[] {
    const url = this.gateway.url;
    return url ? [new vscode.McpHttpServerDefinition('Switchboard', vscode.Uri.parse(`${url}/mcp`), {}, this.version)] : [];
  }

  async resolveMcpServerDefinition(server: vscode.McpHttpServerDefinition): Promise<vscode.McpHttpServerDefinition | undefined> {
    if (!this.gateway.url) return undefined;
    server.headers = { ...server.headers, Authorization: `Bearer ${await this.key()}` };
    return server;
  }

  /** VS Code's key: the stored one while the gateway still knows it, else a new one (after a revoke). */
  private async key(): Promise<string> {
    const stored = await this.secrets.get(VSCODE_KEY_SECRET);
    if (stored && (await this.gateway.keys.verify(stored))) return stored;
    await this.gateway.keys.revoke(VSCODE_CLIENT_NAME);
    const { key } = await this.gateway.keys.create(VSCODE_CLIENT_NAME);
    await this.secrets.store(VSCODE_KEY_SECRET, key);
    return key;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
