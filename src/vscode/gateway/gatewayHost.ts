// The gateway in the extension host: off until `switchboard.gateway.enabled`, then one loopback
// server with the provider endpoints and `/mcp`, on `switchboard.gateway.port` or a free port
// picked once and remembered in globalState (so clients' settings keep working). Settings edits
// start, restart or stop it; dispose stops it and closes its connections.
import type * as vscode from 'vscode';
import { ClientKeyStore } from '../../core/gateway/clientKeys';
import { McpEndpoint } from '../../core/gateway/mcpEndpoint';
import type { GatewayProviders } from '../../core/gateway/providers';
import type { GatewayServer } from '../../core/gateway/server';
import { startGateway } from '../../core/gateway/startGateway';
import type { GatewayStats, SecretSlot } from '../../core/gateway/types';
import { errorMessage } from '../../core/errorMessage';
import { DisposableStore, Emitter } from '../../core/lifecycle';
import type { McpEndpointDeps } from '../../core/gateway/mcpEndpoint';
import type { ConfigPort } from '../config';

/** Where the hashes of the client keys live (SecretStorage). */
export const CLIENT_KEYS_SECRET = 'switchboard.gateway.clientKeys';
/** The port picked when the setting is 0, remembered across sessions. */
const REMEMBERED_PORT = 'switchboard.gateway.port';

export interface GatewayHostPorts {
  config: ConfigPort;
  secrets: vscode.SecretStorage;
  globalState: vscode.Memento;
  log: vscode.LogOutputChannel;
  providers: GatewayProviders;
  mcp: Omit<McpEndpointDeps, 'log'>;
  /** Tells the user the gateway could not start (e.g. its port is taken). */
  showError(message: string): void;
}

export type GatewayState = { running: false; error?: string } | { running: true; url: string; stats: GatewayStats };

export function secretSlot(secrets: vscode.SecretStorage, key: string): SecretSlot {
  return { read: async () => secrets.get(key), write: (value) => Promise.resolve(secrets.store(key, value)) };
}

export class GatewayHost implements vscode.Disposable {
  readonly keys: ClientKeyStore;
  private server: GatewayServer | undefined;
  private endpoint: McpEndpoint | undefined;
  private error: string | undefined;
  private stats: GatewayStats = { clientsToday: [], inFlight: 0 };
  /** Starts and stops run one after another, in the order settings changed. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly store = new DisposableStore();
  private disposed = false;
  readonly onDidChange = this.store.add(new Emitter<GatewayState>());

  constructor(private readonly ports: GatewayHostPorts) {
    this.keys = new ClientKeyStore(secretSlot(ports.secrets, CLIENT_KEYS_SECRET));
    this.store.add(ports.config.onDidChange(['gateway'], () => void this.reconcile()));
    // `agent.maxTools` decides what `/mcp` lists: its clients list again.
    this.store.add(ports.config.onDidChange(['agent'], () => this.endpoint?.toolsChanged()));
  }

  /** Applies the settings now; resolves once the gateway is up or down as they say. */
  reconcile(): Promise<void> {
    const run = this.queue.then(() => this.apply());
    this.queue = run.catch(() => undefined);
    return run;
  }

  state(): GatewayState {
    return this.server ? { running: true, url: this.server.url, stats: this.stats } : { running: false, ...(this.error ? { error: this.error } : {}) };
  }

  /** `http://127.0.0.1:<port>` while running. */
  get url(): string | undefined {
    return this.server?.url;
  }

  dispose(): void {
    this.disposed = true;
    void this.reconcile();
    this.store.dispose();
  }

  private async apply(): Promise<void> {
    const { enabled, port } = this.ports.config.read().gateway;
    const wanted = this.disposed || !enabled ? undefined : port || this.ports.globalState.get<number>(REMEMBERED_PORT, 0);
    if (this.server && (wanted === undefined || (wanted !== 0 && wanted !== this.server.port))) await this.stop();
    if (wanted === undefined || this.server) return;
    await this.start(wanted);
  }

  private async start(port: number): Promise<void> {
    const { log, providers } = this.ports;
    const endpoint = new McpEndpoint({ ...this.ports.mcp, log });
    try {
      this.server = await startGateway({
        port,
        keys: this.keys,
        providers,
        log,
        routes: { '/mcp': endpoint.handler },
        onStats: (stats) => {
          this.stats = stats;
          this.changed();
        },
      });
      this.endpoint = endpoint;
      this.error = undefined;
      if (port === 0) await this.ports.globalState.update(REMEMBERED_PORT, this.server.port);
    } catch (err) {
      endpoint.dispose();
      this.error = `the gateway could not listen on 127.0.0.1:${port}: ${errorMessage(err)}`;
      log.error(this.error);
      this.ports.showError(`Switchboard: ${this.error}. Set switchboard.gateway.port to a free port.`);
    }
    this.changed();
  }

  private async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.endpoint?.dispose();
    this.endpoint = undefined;
    this.stats = { clientsToday: [], inFlight: 0 };
    await server?.stop();
    this.changed();
  }

  private changed(): void {
    if (!this.disposed) this.onDidChange.fire(this.state());
  }
}
