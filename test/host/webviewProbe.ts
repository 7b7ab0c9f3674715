// Host tests watch a page's channel through its transport (the port every page controller
// takes): the real webview underneath, every message both ways recorded, and a way to speak
// as the page would, malformed messages included.
import * as vscode from 'vscode';
import type { Envelope } from '../../media/protocol';
import { panelTransport, type TransportFactory, type WebviewPorts } from '../../src/vscode/webview/webviewHost';
import { extension } from './harness';

export class WebviewProbe {
  readonly toPage: Envelope[] = [];
  readonly fromPage: unknown[] = [];
  private readonly listeners = new Set<(message: unknown) => void>();
  readonly log = vscode.window.createOutputChannel('Switchboard (webview probe)', { log: true });

  readonly transport: TransportFactory = (panel) => {
    const real = panelTransport(panel);
    return {
      post: (message) => {
        this.toPage.push(message);
        real.post(message);
      },
      onMessage: (listener) => {
        this.listeners.add(listener);
        const sub = real.onMessage((message) => {
          this.fromPage.push(message);
          listener(message);
        });
        return { dispose: () => (sub.dispose(), this.listeners.delete(listener)) };
      },
    };
  };

  readonly ports: WebviewPorts = { extensionUri: extension().extensionUri, transport: this.transport, log: this.log };

  /** Delivers `message` to the host as if the page had posted it. */
  asPage(message: unknown): void {
    for (const listener of [...this.listeners]) listener(message);
  }

  /** How many `ready`s the page has sent. */
  get readies(): number {
    return this.fromPage.filter((m) => (m as Envelope).kind === 'ready').length;
  }

  notifications(method: string): unknown[] {
    return this.toPage.flatMap((m) => (m.kind === 'notification' && m.method === method ? [m.params] : []));
  }

  /** The host's answer to the page's (first) request of `method`, once both have been seen. */
  answerTo(method: string): Extract<Envelope, { kind: 'response' }> | undefined {
    const asked = this.fromPage.find((m): m is Extract<Envelope, { kind: 'request' }> => (m as Envelope).kind === 'request' && (m as { method: string }).method === method);
    return asked && this.toPage.find((m): m is Extract<Envelope, { kind: 'response' }> => m.kind === 'response' && m.id === asked.id);
  }

  dispose(): void {
    this.log.dispose();
  }
}

export { until } from './harness';
