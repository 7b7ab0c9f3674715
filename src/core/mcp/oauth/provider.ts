// Switchboard's OAuthClientProvider for one MCP server: the SDK's `auth()` drives discovery,
// registration, PKCE and the token requests; this class decides what is stored where (SecretStorage,
// per server and issuer), checks the authorization server's `iss`, refreshes tokens before they
// expire, follows scopes the server asks for, and — outside a sign-in — never opens a browser: it
// throws SignInRequiredError with the reason, which the tree shows.
import type { OAuthConfig } from '../configTypes';
import { IssuerMismatchError, isInvalidGrant, refreshAuthorization } from './sdk';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthClientProvider, OAuthDiscoveryState, OAuthTokens } from './sdk';
import { SignInRequiredError, need } from './errors';
import type { SignInNeed } from './errors';
import { hasScopes } from './scopes';
import { currentIssuer, issuerKey, sameIssuer, serverKey } from './tokenStore';
import type { IssuerEntry, ServerAuthRecord , TokenStore} from './tokenStore';

/** The `oauth` block of a server's configuration. */
export type OAuthServerOptions = OAuthConfig;

/** The browser step of one interactive sign-in. */
export interface InteractiveStep {
  redirectUrl: string;
  state: string;
  open(url: URL): Promise<void>;
}

export interface ProviderDeps {
  url: string;
  options: OAuthServerOptions;
  store: TokenStore;
  clientVersion: string;
  now(): number;
  /** Tells the owner what the server needs now (undefined once tokens are saved). */
  onNeed(need: SignInNeed | undefined): void;
  fetch?: typeof fetch;
}

/** Refresh this long before the access token expires, so a call never carries a stale one. */
export const REFRESH_MARGIN_MS = 60_000;
/** Outside a sign-in the SDK still wants a redirect URI; nothing listens there and no browser opens. */
const NO_REDIRECT = 'http://127.0.0.1/callback';

export class SwitchboardOAuthProvider implements OAuthClientProvider {
  readonly clientMetadataUrl: string | undefined;
  private readonly key: string;
  private record: ServerAuthRecord | undefined;
  private verifier: string | undefined;
  private pending: SignInNeed | undefined;
  private neededScope: string | undefined;
  private refreshing: Promise<OAuthTokens | undefined> | undefined;

  constructor(private readonly deps: ProviderDeps, private readonly step?: InteractiveStep) {
    this.key = serverKey(deps.url);
    this.clientMetadataUrl = deps.options.clientMetadataUrl;
  }

  get redirectUrl(): string {
    return this.step?.redirectUrl ?? NO_REDIRECT;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Switchboard',
      software_id: 'switchboard-vscode',
      software_version: this.deps.clientVersion,
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope: this.deps.options.scopes?.join(' '),
    };
  }

  state(): string {
    return this.step?.state ?? '';
  }

  /** The scope a 401/403 challenge asked for: tokens without it are not refreshed but replaced. */
  requireScope(scope: string | undefined): void {
    if (scope) this.neededScope = scope;
  }

  get requiredScope(): string | undefined {
    return this.neededScope;
  }

  /** `ctx.issuer`: the authorization server the v2 SDK is talking to; a configured id is stamped with it. */
  async clientInformation(ctx?: { issuer: string }): Promise<OAuthClientInformationMixed | undefined> {
    const entry = await this.entry();
    const configured = this.deps.options.clientId;
    if (configured) return entry?.client?.client_id === configured ? entry.client : { client_id: configured, issuer: ctx?.issuer };
    if (entry?.client) return entry.client;
    // Registering (CIMD or dynamic) is part of signing in, never of a background connect.
    if (!this.step) throw this.signInRequired();
    return undefined;
  }

  async saveClientInformation(info: OAuthClientInformationMixed): Promise<void> {
    await this.change(info.issuer, (e) => {
      e.client = info;
      e.registeredRedirect = this.redirectUrl;
    });
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    const tokens = (await this.entry())?.tokens;
    if (!tokens) return undefined;
    if (this.neededScope && !hasScopes(tokens.scope, this.neededScope)) {
      // A refresh keeps the old scopes: without its refresh token the SDK asks for a new grant.
      this.pending = need('scope', `the server asks for more access (${this.neededScope})`);
      return { ...tokens, refresh_token: undefined };
    }
    const expiresAt = (await this.entry())?.expiresAt;
    if (tokens.refresh_token && expiresAt !== undefined && this.deps.now() >= expiresAt - REFRESH_MARGIN_MS) {
      this.refreshing ??= this.refresh(tokens.refresh_token).finally(() => (this.refreshing = undefined));
      return this.refreshing;
    }
    return tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    await this.change(tokens.issuer, (e) => {
      e.tokens = tokens;
      e.expiresAt = tokens.expires_in !== undefined ? this.deps.now() + tokens.expires_in * 1000 : undefined;
    });
    this.pending = undefined;
    this.deps.onNeed(undefined);
  }

  async redirectToAuthorization(url: URL): Promise<void> {
    if (!this.step) throw this.signInRequired();
    await this.step.open(url);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no PKCE code verifier: the sign-in was not started here');
    return this.verifier;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'verifier') {
      this.verifier = undefined;
      return;
    }
    if (scope === 'tokens') this.pending = need('revoked', 'the authorization server no longer accepts the stored sign-in (revoked or expired)');
    await this.deps.store.update(this.key, (r) => {
      const issuer = currentIssuer(r);
      const e = issuer ? r.issuers[issuer] : undefined;
      if (scope === 'all' || scope === 'discovery') r.discovery = undefined;
      if (e && (scope === 'all' || scope === 'client')) e.client = undefined;
      if (e && (scope === 'all' || scope === 'tokens')) e.tokens = undefined;
      this.record = r;
    });
  }

  /** Checks RFC 8414 §3.3: the metadata's `issuer` is the URL it was discovered for. */
  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    const issuer = state.authorizationServerMetadata?.issuer;
    if (issuer !== undefined && !sameIssuer(issuer, state.authorizationServerUrl)) throw this.metadataMismatch(state.authorizationServerUrl, issuer);
    await this.deps.store.update(this.key, (r) => {
      r.discovery = state;
      this.record = r;
    });
  }

  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    return (await this.load()).discovery;
  }

  /** Forgets what this instance read, so the next request sees the store (another window may have refreshed). */
  reload(): void {
    this.record = undefined;
  }

  /**
   * The v2 SDK checks the metadata's issuer itself (before `saveDiscoveryState`): its refusal
   * becomes the same one-line reason as ours. Other errors pass through unchanged.
   */
  flowFailed(err: unknown): unknown {
    if (err instanceof IssuerMismatchError && err.kind === 'metadata') return this.metadataMismatch(err.expected ?? this.deps.url, err.received ?? '(none)');
    return err;
  }

  private metadataMismatch(url: string, issuer: string): SignInRequiredError {
    const mismatch = need('iss-mismatch', `the authorization server at ${url} calls itself ${issuer}`);
    this.deps.onNeed(mismatch);
    return new SignInRequiredError(mismatch);
  }

  private signInRequired(): SignInRequiredError {
    const n = this.pending ?? need('required', 'the server needs you to sign in');
    this.deps.onNeed(n);
    return new SignInRequiredError(n);
  }

  private async refresh(refreshToken: string): Promise<OAuthTokens | undefined> {
    const record = await this.load();
    const d = record.discovery;
    const entry = await this.entry();
    if (!d || !entry?.client) return entry?.tokens;
    try {
      const resource = d.resourceMetadata?.resource;
      const fresh = await refreshAuthorization(d.authorizationServerUrl, {
        metadata: d.authorizationServerMetadata,
        clientInformation: entry.client,
        refreshToken,
        resource: resource ? new URL(resource) : undefined,
        fetchFn: this.deps.fetch,
      });
      const saved = { ...fresh, issuer: d.authorizationServerUrl };
      await this.saveTokens(saved);
      return saved;
    } catch (err) {
      if (!isInvalidGrant(err)) return entry.tokens;
      // Another window may have rotated the refresh token: use its tokens if they are newer.
      this.reload();
      const now = (await this.entry())?.tokens;
      if (now && now.refresh_token !== refreshToken) return now;
      await this.invalidateCredentials('tokens');
      this.deps.onNeed(this.pending);
      return undefined;
    }
  }

  private async load(): Promise<ServerAuthRecord> {
    this.record ??= await this.deps.store.read(this.key);
    return this.record;
  }

  private async entry(): Promise<IssuerEntry | undefined> {
    const r = await this.load();
    const issuer = currentIssuer(r);
    return issuer ? r.issuers[issuer] : undefined;
  }

  private async change(issuer: string | undefined, edit: (e: IssuerEntry) => void): Promise<void> {
    await this.deps.store.update(this.key, (r) => {
      const at = issuer !== undefined ? issuerKey(issuer) : currentIssuer(r);
      if (!at) throw new Error('OAuth: nothing to store before discovery named an authorization server');
      edit((r.issuers[at] ??= {}));
      this.record = r;
    });
  }
}
