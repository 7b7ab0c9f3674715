// OAuth for every configured HTTP/SSE server: one background provider per server (stored tokens,
// refresh, no browser), the sign-in and sign-out the commands run, and what each server needs
// from the user now. The pool's connector asks `attach(config)` for a server's transport auth.
import { Emitter } from '../../lifecycle';
import type { ServerConfig } from '../configTypes';
import { need as signInNeed } from './errors';
import type { SignInNeed } from './errors';
import type { OpenBrowser, SecretStore } from './ports';
import { SwitchboardOAuthProvider } from './provider';
import type { OAuthServerOptions } from './provider';
import { extractWWWAuthenticateParams } from './sdk';
import type { OAuthClientProvider } from './sdk';
import { unionScopes } from './scopes';
import { signIn } from './signIn';
import { TokenStore, serverKey } from './tokenStore';

/** What an HTTP transport carries for a server that may need OAuth. */
export interface HttpAuth {
  provider: OAuthClientProvider;
  /** Sees each response, so a 403 `insufficient_scope` challenge is followed with a new grant. */
  observe(response: Response): void;
  /** The sign-in failure a connect error stands for (the SDK's own flow checks), else the error itself. */
  failed(err: unknown): unknown;
}

export interface OAuthManagerDeps {
  secrets: SecretStore;
  openBrowser: OpenBrowser;
  clientVersion: string;
  /** How long a sign-in waits for the browser (5 minutes when absent). */
  timeoutMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

interface Server {
  url: string;
  options: OAuthServerOptions;
  provider: SwitchboardOAuthProvider;
}

export class OAuthManager {
  private readonly store: TokenStore;
  private readonly servers = new Map<string, Server>();
  private readonly needs = new Map<string, SignInNeed>();
  /** Fires with a server's name when what it needs from the user changed. */
  readonly onDidChange = new Emitter<string>();

  constructor(private readonly deps: OAuthManagerDeps) {
    this.store = new TokenStore(deps.secrets);
  }

  /** The auth for `config`'s transport; none for stdio and for servers that send their own Authorization header. */
  attach(config: ServerConfig): HttpAuth | undefined {
    const t = config.transport;
    if (t.type === 'stdio' || Object.keys(t.headers).some((h) => h.toLowerCase() === 'authorization')) return undefined;
    const options = t.oauth ?? {};
    let server = this.servers.get(config.name);
    if (!server || server.url !== t.url || JSON.stringify(server.options) !== JSON.stringify(options)) {
      server = { url: t.url, options, provider: this.provider(config.name, t.url, options) };
      this.servers.set(config.name, server);
    }
    const provider = server.provider;
    return {
      provider,
      observe: (response) => {
        if (response.status !== 403) return;
        const challenge = extractWWWAuthenticateParams(response);
        if (challenge.error === 'insufficient_scope') provider.requireScope(challenge.scope);
      },
      failed: (err) => provider.flowFailed(err),
    };
  }

  /** Why `server` needs a sign-in, if it does. */
  need(server: string): SignInNeed | undefined {
    return this.needs.get(server);
  }

  /** Runs the browser sign-in for the server `config` resolves to; throws SignInRequiredError with the reason when it fails. */
  async signIn(config: ServerConfig): Promise<void> {
    const server = config.name;
    if (!this.attach(config)) throw new Error(`MCP server "${server}" does not use OAuth (it is not HTTP, or it sends its own Authorization header)`);
    const s = this.servers.get(server)!;
    const tokens = await s.provider.tokens().catch(() => undefined);
    await signIn({
      ...this.providerDeps(server, s.url, s.options),
      openBrowser: this.deps.openBrowser,
      timeoutMs: this.deps.timeoutMs ?? 5 * 60_000,
      scope: unionScopes(tokens?.scope, s.provider.requiredScope, s.options.scopes?.join(' ')),
    });
    // A fresh background provider: it reads the new tokens and forgets the old scope challenge.
    s.provider = this.provider(server, s.url, s.options);
    this.setNeed(server, undefined);
  }

  /**
   * Forgets `server`'s tokens and client registration; false when there were none. A server that
   * had a sign-in needs one again, and says so at once; without one, what it needed stays.
   */
  async signOut(config: ServerConfig): Promise<boolean> {
    const server = config.name;
    if (config.transport.type === 'stdio') return false;
    const had = await this.store.forget(serverKey(config.transport.url));
    const s = this.servers.get(server);
    if (s) s.provider = this.provider(server, s.url, s.options);
    if (had) this.setNeed(server, signInNeed('required', 'signed out; sign in to use this server again'));
    return had;
  }

  dispose(): void {
    this.onDidChange.dispose();
  }

  private provider(name: string, url: string, options: OAuthServerOptions): SwitchboardOAuthProvider {
    return new SwitchboardOAuthProvider(this.providerDeps(name, url, options));
  }

  private providerDeps(name: string, url: string, options: OAuthServerOptions) {
    return {
      url,
      options,
      store: this.store,
      clientVersion: this.deps.clientVersion,
      now: this.deps.now ?? Date.now,
      fetch: this.deps.fetch,
      onNeed: (n: SignInNeed | undefined) => this.setNeed(name, n),
    };
  }

  private setNeed(server: string, n: SignInNeed | undefined): void {
    const before = this.needs.get(server);
    if (n) this.needs.set(server, n);
    else this.needs.delete(server);
    if (before?.detail !== n?.detail) this.onDidChange.fire(server);
  }
}
