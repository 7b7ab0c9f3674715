// The Run panel: shows one agent run as it streams (text, tool-call cards, running cost)
// and lets the user cancel it. The agent's events are mapped into the page's own shapes here.
import * as vscode from 'vscode';
import { Run, type RunEvent, type RunStart } from '../../../media/protocol';
import type { AgentEvent, AgentToolResult } from '../../core/agent/types';
import { WebviewHost, type PanelSpec, type WebviewPorts } from './webviewHost';

const PAGE: PanelSpec = {
  viewType: 'switchboard.run',
  column: vscode.ViewColumn.Beside,
  title: 'Switchboard Run',
  script: 'run.js',
  // A run keeps streaming while its tab is in the background.
  retainContextWhenHidden: true,
  body: `
<h1 id="title"></h1>
<div class="toolbar">
  <span id="model" class="muted"></span>
  <span class="spacer"></span>
  <span>Cost: <strong id="cost">$0.00</strong></span>
  <button id="cancel" class="secondary">Cancel</button>
</div>
<div id="state" class="muted" role="status" aria-live="polite"></div>
<div id="execution" class="muted"></div>
<section id="transcript"></section>
`,
};

function resultText(result: AgentToolResult): string {
  const c = result.content;
  if (typeof c === 'string') return c;
  return c.map((p) => (p.type === 'text' ? p.text : `[${p.mediaType} image]`)).join('\n');
}

export function runEvent(event: AgentEvent): RunEvent {
  switch (event.type) {
    case 'run-start':
      return { type: 'run-start', executionId: event.executionId };
    case 'tool-call-end':
      return {
        type: 'tool-call-end',
        callId: event.callId,
        isError: event.result.isError,
        resultText: resultText(event.result),
        ...(event.result.structuredContent !== undefined ? { structuredJson: JSON.stringify(event.result.structuredContent, null, 2) } : {}),
        durationMs: event.durationMs,
      };
    case 'step-end': {
      const { costUsd, cached, savedUsd, runCostUsd } = event;
      return { type: 'step-end', tokens: event.usage.inputTokens + event.usage.outputTokens, costUsd, cached, savedUsd, runCostUsd };
    }
    default:
      return event;
  }
}

export class RunPanel implements vscode.Disposable {
  private readonly host: WebviewHost;

  constructor(ports: WebviewPorts, start: RunStart, cancel: () => void) {
    this.host = WebviewHost.open(ports, PAGE, `Run: ${start.title.slice(0, 40)}`);
    // Until the page is ready the channel holds the run's messages; then they go in order.
    this.host.channel.notify(Run.start, start);
    this.host.store.add(this.host.channel.onNotification(Run.cancel, cancel));
    this.host.onDidDispose(cancel);
  }

  onEvent(event: AgentEvent): void {
    this.host.channel.notify(Run.event, runEvent(event));
  }

  dispose(): void {
    this.host.dispose();
  }
}
