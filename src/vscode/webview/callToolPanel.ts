// "Call Tool" by hand: a webview form generated from the tool's input schema. The host runs
// the call through the same executor as agent runs (same ajv validator, same ledger record);
// pressing Call in the form is the user's approval.
import * as vscode from 'vscode';
import type { CallToolMessage, CallToolRequest, ResultPart } from '../../../media/protocol';
import type { ToolEntry } from '../../core/mcp/registry';
import type { ToolContent, ToolResult } from '../../core/tools/normalizeResult';
import { renderPage, webviewOptions } from './html';

export interface ToolRunner {
  run(qualifiedName: string, args: Record<string, unknown>): Promise<ToolResult>;
}

const BODY = `
<h1 id="tool-name"></h1>
<p id="tool-description" class="muted"></p>
<div class="toolbar">
  <label><input id="raw-mode" type="checkbox"> Raw JSON</label>
</div>
<form id="form" onsubmit="return false"></form>
<div id="raw-box" hidden><label for="raw">Arguments (JSON)</label><textarea id="raw" rows="10"></textarea></div>
<div class="toolbar"><button id="call" type="button">Call</button></div>
<section id="result" aria-live="polite"></section>
`;

function prettyJson(text: string): string | undefined {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return undefined;
  }
}

export function resultParts(result: ToolResult): ResultPart[] {
  const parts = result.content.map((c: ToolContent): ResultPart => {
    switch (c.kind) {
      case 'text': {
        const json = prettyJson(c.text);
        return json ? { kind: 'json', json } : { kind: 'text', text: c.text };
      }
      case 'image':
        return { kind: 'image', mediaType: c.mimeType, data: c.data };
      case 'audio':
        return { kind: 'text', text: `[audio ${c.mimeType}]` };
      case 'resource':
        return { kind: 'resource', uri: c.uri, text: c.text };
      case 'resource_link':
        return { kind: 'resource', uri: c.uri, text: c.description ?? c.name };
    }
  });
  if (result.structuredContent) parts.push({ kind: 'structured', json: JSON.stringify(result.structuredContent, null, 2) });
  return parts;
}

export class CallToolPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private entry: ToolEntry | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** Messages posted to the page, for the host tests. */
  readonly sent: CallToolMessage[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runner: ToolRunner,
  ) {}

  show(entry: ToolEntry): void {
    this.entry = entry;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('switchboard.callTool', `Call ${entry.tool}`, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
      this.panel.webview.html = renderPage(this.panel.webview, this.extensionUri, { title: 'Call Tool', script: 'callTool.js', body: BODY });
      this.ready = false;
      this.disposables.push(
        this.panel.webview.onDidReceiveMessage((m: CallToolRequest) => void this.onMessage(m)),
        this.panel.onDidDispose(() => {
          this.panel = undefined;
          this.ready = false;
        }),
      );
    } else {
      this.panel.title = `Call ${entry.tool}`;
      this.panel.reveal();
      if (this.ready) this.postTool();
    }
  }

  private postTool(): void {
    const e = this.entry;
    if (!e) return;
    this.post({ type: 'tool', tool: { qualifiedName: e.qualifiedName, server: e.server, name: e.tool, description: e.description, inputSchema: e.inputSchema } });
  }

  private post(msg: CallToolMessage): void {
    this.sent.push(msg);
    if (this.sent.length > 50) this.sent.shift();
    void this.panel?.webview.postMessage(msg);
  }

  private async onMessage(msg: CallToolRequest): Promise<void> {
    if (msg.type === 'ready') {
      this.ready = true;
      this.postTool();
      return;
    }
    const entry = this.entry;
    if (!entry) return;
    this.post({ type: 'running' });
    try {
      const result = await this.runner.run(entry.qualifiedName, msg.args);
      this.post({ type: 'result', isError: result.isError, durationMs: result.durationMs, parts: resultParts(result) });
    } catch (err) {
      const e = err as { kind?: string; details?: string[]; message?: string };
      if (e.kind === 'invalid-arguments') this.post({ type: 'invalid', errors: e.details ?? [e.message ?? String(err)] });
      else this.post({ type: 'failed', message: e.message ?? String(err) });
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
