// MCP resources as read-only documents: a virtual URI names the server and the resource, and the
// content provider reads it through the pool when VS Code opens it (documents from a
// TextDocumentContentProvider cannot be edited or saved back).
import * as vscode from 'vscode';
import type { McpPool } from '../../core/mcp/pool';
import { readResourceText } from '../../core/mcp/serverContent';

export const RESOURCE_SCHEME = 'switchboard-mcp-resource';

export class ResourceDocuments implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly pool: McpPool,
    /** Which scheme this provider answers (one per Switchboard: the extension's is RESOURCE_SCHEME). */
    readonly scheme = RESOURCE_SCHEME,
  ) {}

  /** The document URI for `uri` on `server`; its path ends with the resource's name, for the tab and language. */
  uriFor(server: string, uri: string, name: string): vscode.Uri {
    const query = new URLSearchParams({ server, uri }).toString();
    return vscode.Uri.from({ scheme: this.scheme, path: `/${server}/${name.replace(/[\\/]/g, '_')}`, query });
  }

  provideTextDocumentContent(doc: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(doc.query);
    const server = query.get('server');
    const uri = query.get('uri');
    if (!server || !uri) throw new Error(`not an MCP resource document: ${doc.toString()}`);
    return readResourceText(this.pool, server, uri);
  }

  /** Opens the resource in an editor (read-only). */
  async open(server: string, uri: string, name: string): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(this.uriFor(server, uri, name));
    return vscode.window.showTextDocument(document, { preview: true });
  }
}
