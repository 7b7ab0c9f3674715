// "Call Tool" by hand: a webview form generated from the tool's input schema. The host runs
// the call through the same executor as agent runs (same ajv validator, same ledger record);
// pressing Call in the form is the user's approval. Each running call has an AbortController, so
// the page's Cancel (naming the call) sends the server notifications/cancelled; its progress
// reports are relayed to the page as they arrive.
import * as vscode from 'vscode';
import { CallTool, type CallOutcome, type CallProgress, type ResultPart, type ToolForm } from '../../../media/protocol';
import { ToolCallError } from '../../core/mcp/errors';
import { OutputSchemaError } from '../../core/tools/outputSchemaError';
import type { ToolEntry } from '../../core/mcp/registry';
import type { ExecuteOptions } from '../../core/tools/executor';
import type { ToolContent, ToolResult } from '../../core/tools/normalizeResult';
import { WebviewHost, type PanelSpec, type WebviewPorts } from './webviewHost';

export interface ToolRunner {
  run(qualifiedName: string, args: Record<string, unknown>, opts: Pick<ExecuteOptions, 'signal' | 'onProgress'>): Promise<ToolResult>;
}

const PAGE: PanelSpec = {
  viewType: 'switchboard.callTool',
  column: vscode.ViewColumn.Active,
  // A call outlives its tab being hidden (an elicitation page, another editor): its answer arrives
  // as the reply to the page's request, which a reloaded page would no longer be waiting for.
  retainContextWhenHidden: true,
  title: 'Call Tool',
  script: 'callTool.js',
  body: `
<h1 id="tool-name"></h1>
<p id="tool-description" class="muted"></p>
<div class="toolbar">
  <label><input id="raw-mode" type="checkbox"> Raw JSON</label>
</div>
<form id="form" onsubmit="return false"></form>
<div id="raw-box" hidden><label for="raw">Arguments (JSON)</label><textarea id="raw" rows="10"></textarea></div>
<div class="toolbar"><button id="call" type="button">Call</button> <button id="cancel" type="button" class="secondary" hidden>Cancel</button></div>
<p id="progress" class="muted" aria-live="polite" hidden></p>
<section id="result" aria-live="polite"></section>
`,
};

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
  if (result.structuredContent !== undefined) parts.push({ kind: 'structured', json: JSON.stringify(result.structuredContent, null, 2) });
  return parts;
}

function toolForm(e: ToolEntry): ToolForm {
  return { qualifiedName: e.qualifiedName, server: e.server, name: e.tool, description: e.description, inputSchema: e.inputSchema };
}

/** Runs the call; schema refusals (arguments or structured output) are outcomes shown by field, anything else an error response. */
async function callOutcome(runner: ToolRunner, entry: ToolEntry, args: Record<string, unknown>, opts: Pick<ExecuteOptions, 'signal' | 'onProgress'>): Promise<CallOutcome> {
  try {
    const result = await runner.run(entry.qualifiedName, args, opts);
    return { kind: 'result', isError: result.isError, durationMs: result.durationMs, parts: resultParts(result) };
  } catch (err) {
    if (err instanceof ToolCallError && err.kind === 'cancelled' && opts.signal?.aborted) return { kind: 'cancelled' };
    if (err instanceof OutputSchemaError) return { kind: 'invalid-output', errors: err.details, json: JSON.stringify(err.structuredContent, null, 2) ?? 'undefined' };
    if (!(err instanceof ToolCallError) || err.kind !== 'invalid-arguments') throw err;
    return { kind: 'invalid', errors: err.details.length > 0 ? err.details : [err.message] };
  }
}

/** One Call Tool panel, reused for whichever tool the user picks next. */
export class CallToolPanel implements vscode.Disposable {
  private host: WebviewHost | undefined;
  private entry: ToolEntry | undefined;
  /** The running calls by the page's call id. */
  private readonly running = new Map<number, AbortController>();

  constructor(
    private readonly ports: WebviewPorts,
    private readonly runner: ToolRunner,
  ) {}

  show(entry: ToolEntry): void {
    this.entry = entry;
    const title = `Call ${entry.tool}`;
    let host = this.host;
    if (host) {
      host.panel.title = title;
      host.panel.reveal();
    } else {
      host = this.host = WebviewHost.open(this.ports, PAGE, title);
      const channel = host.channel;
      host.store.add(channel.onRequest(CallTool.call, ({ callId, args }) => this.call(callId, args, (p) => channel.notify(CallTool.progress, { callId, ...p }))));
      host.store.add(channel.onNotification(CallTool.cancel, ({ callId }) => this.running.get(callId)?.abort()));
      host.onDidDispose(() => {
        this.host = undefined;
        this.cancelAll();
      });
    }
    host.channel.notify(CallTool.tool, toolForm(entry));
  }

  private async call(callId: number, args: Record<string, unknown>, onProgress: (p: Omit<CallProgress, 'callId'>) => void): Promise<CallOutcome> {
    const entry = this.shown();
    const controller = new AbortController();
    this.running.set(callId, controller);
    try {
      return await callOutcome(this.runner, entry, args, {
        signal: controller.signal,
        onProgress: ({ progress, total, message }) => onProgress({ progress, ...(total !== undefined ? { total } : {}), ...(message !== undefined ? { message } : {}) }),
      });
    } finally {
      this.running.delete(callId);
    }
  }

  private cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  private shown(): ToolEntry {
    if (!this.entry) throw new Error('No tool is shown.');
    return this.entry;
  }

  dispose(): void {
    this.cancelAll();
    this.host?.dispose();
  }
}
