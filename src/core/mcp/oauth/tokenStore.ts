// Where a server's OAuth state lives: one SecretStorage entry per server (its URL's host, port
// and path), holding per issuer the client registration and the tokens, beside the discovery
// result that names the issuer in use. Nothing here is written to settings, logs or the ledger.
import type { OAuthClientInformationMixed, OAuthDiscoveryState, OAuthTokens } from './sdk';
import type { SecretStore } from './ports';

export interface IssuerEntry {
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  /** Epoch ms when the access token expires, from `expires_in` at the time it was saved. */
  expiresAt?: number;
  /** The redirect URI the client was registered with (dynamic registration only). */
  registeredRedirect?: string;
}

export interface ServerAuthRecord {
  discovery?: OAuthDiscoveryState;
  issuers: Record<string, IssuerEntry>;
}

const PREFIX = 'switchboard.mcp.oauth/';

/** The server part of the storage key: host:port and path, so two servers on one host stay apart. */
export function serverKey(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

/**
 * The key an issuer's entry is kept under: without a trailing slash, so `https://as.example` and
 * `https://as.example/` are one. They do meet: the resource metadata may list the issuer with a
 * slash while its own metadata (whose `issuer` the SDK stamps on tokens) has none.
 */
export function issuerKey(issuer: string): string {
  return issuer.replace(/\/+$/, '');
}

export function sameIssuer(a: string, b: string): boolean {
  return issuerKey(a) === issuerKey(b);
}

/** Entries saved under either spelling before keys were normalised, brought under one key. */
function normalisedIssuers(issuers: Record<string, IssuerEntry>): Record<string, IssuerEntry> {
  const out: Record<string, IssuerEntry> = {};
  for (const [issuer, entry] of Object.entries(issuers)) out[issuerKey(issuer)] = { ...out[issuerKey(issuer)], ...entry };
  return out;
}

export class TokenStore {
  constructor(private readonly secrets: SecretStore) {}

  async read(key: string): Promise<ServerAuthRecord> {
    const text = await this.secrets.get(PREFIX + key);
    if (!text) return { issuers: {} };
    try {
      const parsed = JSON.parse(text) as Partial<ServerAuthRecord>;
      return { discovery: parsed.discovery, issuers: normalisedIssuers(parsed.issuers ?? {}) };
    } catch {
      // A damaged entry is treated as no sign-in; the next sign-in overwrites it.
      return { issuers: {} };
    }
  }

  async write(key: string, record: ServerAuthRecord): Promise<void> {
    await this.secrets.store(PREFIX + key, JSON.stringify(record));
  }

  /** Changes one server's record; writes to one key are queued so concurrent saves do not lose each other. */
  update(key: string, change: (record: ServerAuthRecord) => void): Promise<void> {
    const next = (this.queues.get(key) ?? Promise.resolve()).then(async () => {
      const record = await this.read(key);
      change(record);
      await this.write(key, record);
    });
    this.queues.set(key, next.catch(() => undefined));
    return next;
  }

  async forget(key: string): Promise<boolean> {
    const had = (await this.secrets.get(PREFIX + key)) !== undefined;
    await this.secrets.delete(PREFIX + key);
    return had;
  }

  private readonly queues = new Map<string, Promise<void>>();
}

/** The key of the issuer discovery named, or undefined before discovery. */
export function currentIssuer(record: ServerAuthRecord): string | undefined {
  const url = record.discovery?.authorizationServerUrl;
  return url === undefined ? undefined : issuerKey(url);
}
