// OAuth against a loopback MCP server behind a loopback authorization server (SDK server auth
// pieces): the pool connects through the real connector with the OAuthManager attached, and the
// test plays the browser over HTTP (consent page, Allow/Deny, redirect to our loopback listener).
import * as assert from 'node:assert/strict';
import type { ServerEntry } from '../../../../src/core/mcp/configDiff';
import { signInNeedOf } from '../../../../src/core/mcp/oauth/errors';
import { OAuthManager } from '../../../../src/core/mcp/oauth/oauthManager';
import { TokenStore, currentIssuer } from '../../../../src/core/mcp/oauth/tokenStore';
import type { SecretStore } from '../../../../src/core/mcp/oauth/ports';
import { McpPool } from '../../../../src/core/mcp/pool';
import { serverConnector } from '../../../../src/core/mcp/transports';
import { playBrowser, startProtectedMcp } from '../../../fixtures/mcp/oauthServers';
import type { AuthServerOptions, ProtectedMcp } from '../../../fixtures/mcp/oauthServers';
import { FAST_RECONNECT, entry, testHost, textOf } from './helpers';
import type { TestHost } from './helpers';

class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

const DOC = 'https://switchboard.example/oauth/client.json';

describe('MCP OAuth (loopback authorization server)', function () {
  this.timeout(30_000);
  let mcp: ProtectedMcp;
  let pool: McpPool;
  let host: TestHost;
  let manager: OAuthManager;
  let secrets: MemorySecrets;
  let decision: 'allow' | 'deny';
  let opened: URL[];
  let browsed: Promise<unknown>;
  let consentPages: string[];

  async function setUp(server: AuthServerOptions, oauth?: Record<string, unknown>): Promise<ServerEntry> {
    mcp = await startProtectedMcp(server);
    secrets = new MemorySecrets();
    decision = 'allow';
    opened = [];
    consentPages = [];
    browsed = Promise.resolve();
    manager = new OAuthManager({
      secrets,
      clientVersion: 'test',
      timeoutMs: 10_000,
      openBrowser: async (url) => {
        opened.push(url);
        browsed = playBrowser(url, decision).then((r) => consentPages.push(r.consentPage));
        return true;
      },
    });
    host = testHost(serverConnector('test', (c) => manager.attach(c)));
    pool = new McpPool(host, FAST_RECONNECT);
    const e = entry('remote', { type: 'http', url: mcp.url, headers: {}, ...(oauth ? { oauth } : {}) });
    await pool.apply([e]);
    return e;
  }

  afterEach(async () => {
    await pool?.dispose();
    await mcp?.close();
  });

  async function needAfterStart(): Promise<string | undefined> {
    const err = await pool.start('remote').then(() => undefined, (e: unknown) => e);
    assert.ok(err, 'the start should fail');
    return signInNeedOf(err)?.reason;
  }

  const config = () => host.resolve(pool.entry('remote')!);
  const signIn = async () => manager.signIn(await config());

  async function signInAndRun(): Promise<string> {
    await signIn();
    await browsed;
    await pool.restart('remote');
    assert.equal(pool.status('remote')?.state, 'running');
    return textOf(await pool.callTool('remote', 'whoami', {}));
  }

  function storedAccessToken(): string {
    const [value] = [...secrets.values.values()];
    const record = JSON.parse(value!) as { issuers: Record<string, { tokens?: { access_token: string } }> };
    return Object.values(record.issuers).find((e) => e.tokens)!.tokens!.access_token;
  }

  it('a 401 needs a sign-in; the background connect neither registers a client nor opens a browser', async () => {
    await setUp({});
    assert.equal(await needAfterStart(), 'required');
    assert.equal(manager.need('remote')?.reason, 'required');
    assert.equal(mcp.authority.registered.size, 0);
    assert.equal(opened.length, 0);
    assert.equal(pool.status('remote')?.state, 'error');
  });

  it('signs in with dynamic registration and PKCE (S256), then the server runs with the token', async () => {
    await setUp({});
    await needAfterStart();
    const who = await signInAndRun();
    const url = opened[0]!;
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(url.searchParams.get('code_challenge'));
    assert.match(url.searchParams.get('redirect_uri')!, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.equal(url.searchParams.get('resource'), mcp.url);
    assert.match(who, /^client dcr-/);
    assert.equal(manager.need('remote'), undefined);
    // The token lives in the secret store only: not in any log line, not in the server's status.
    const token = storedAccessToken();
    assert.ok(mcp.bearers.includes(`Bearer ${token}`));
    assert.ok(!host.lines.join('\n').includes(token), 'the access token appears in the log');
    assert.ok(!JSON.stringify(pool.statuses()).includes(token));
  });

  it('finds its tokens when the issuer names itself without the slash the resource metadata lists it with', async () => {
    await setUp({ issuerWithoutSlash: true });
    assert.match(await signInAndRun(), /^client /);
    const [value] = [...secrets.values.values()];
    const record = JSON.parse(value!) as { discovery: { authorizationServerUrl: string }; issuers: Record<string, unknown> };
    assert.ok(record.discovery.authorizationServerUrl.endsWith('/'), 'the resource lists it with a slash');
    assert.deepEqual(Object.keys(record.issuers), [mcp.issuer.replace(/\/$/, '')], 'one entry, under the issuer without its trailing slash');
  });

  it('uses a pre-registered client id before a metadata document or registration', async () => {
    await setUp({ preRegistered: ['switchboard-pre'], cimd: true, documents: { [DOC]: {} } }, { clientId: 'switchboard-pre', clientMetadataUrl: DOC });
    assert.equal(await signInAndRun(), 'client switchboard-pre');
    assert.equal(mcp.authority.registered.size, 1, 'no dynamic registration');
  });

  it('uses the Client ID Metadata Document URL as client id where the server supports it', async () => {
    await setUp({ cimd: true, documents: { [DOC]: { client_name: 'Switchboard' } } }, { clientMetadataUrl: DOC });
    assert.equal(await signInAndRun(), `client ${DOC}`);
    assert.equal(mcp.authority.registered.size, 0, 'no dynamic registration');
  });

  it('falls back to dynamic registration when the server does not support metadata documents', async () => {
    await setUp({ cimd: false }, { clientMetadataUrl: DOC });
    assert.match(await signInAndRun(), /^client dcr-/);
  });

  it('refreshes a token that is about to expire before using it', async () => {
    await setUp({ expiresIn: 30 });
    await signInAndRun();
    const first = storedAccessToken();
    await pool.restart('remote');
    await pool.callTool('remote', 'whoami', {});
    assert.ok(mcp.authority.grants.some((g) => g.startsWith('refresh:')), `grants: ${mcp.authority.grants.join(', ')}`);
    assert.notEqual(storedAccessToken(), first);
    assert.ok(!mcp.bearers.includes(''), 'every request carried a token (no 401 round trip)');
  });

  it('a revoked refresh token shows its own reason', async () => {
    await setUp({});
    await signInAndRun();
    mcp.authority.revokeAll();
    await pool.stop('remote');
    assert.equal(await needAfterStart(), 'revoked');
    assert.match(manager.need('remote')!.detail, /no longer accepts/);
  });

  it('an authorization response from another issuer (RFC 9207 iss) is refused and stores no token', async () => {
    await setUp({ iss: 'wrong' });
    await assert.rejects(signIn(), (err) => signInNeedOf(err)?.reason === 'iss-mismatch');
    assert.match(manager.need('remote')!.detail, /attacker\.example/);
    assert.ok(!mcp.authority.grants.length, 'the code was not exchanged');
  });

  it('metadata naming another issuer than its URL is refused (RFC 8414 §3.3)', async () => {
    await setUp({ wrongMetadataIssuer: true });
    assert.equal(await needAfterStart(), 'iss-mismatch');
    assert.match(manager.need('remote')!.detail, /calls itself http:\/\/localhost/);
  });

  it('denied consent shows its own reason', async () => {
    await setUp({});
    decision = 'deny';
    await assert.rejects(signIn(), (err) => signInNeedOf(err)?.reason === 'denied');
    assert.match(manager.need('remote')!.detail, /denied/);
  });

  it('follows an insufficient_scope challenge with a new grant for the union of scopes', async () => {
    await setUp({});
    await signInAndRun();
    await assert.rejects(pool.callTool('remote', 'report', {}));
    assert.equal(manager.need('remote')?.reason, 'scope');
    await signIn();
    await browsed;
    assert.match(consentPages.at(-1)!, /<p id="scopes">mcp reports<\/p>/);
    await pool.restart('remote');
    assert.equal(textOf(await pool.callTool('remote', 'report', {})), 'report ok');
  });

  it('sign-out forgets the tokens: the next start needs a sign-in again', async () => {
    await setUp({});
    await signInAndRun();
    assert.equal(await manager.signOut(await config()), true);
    assert.equal(secrets.values.size, 0);
    // The tree says so at once, not only after the next connect meets a 401.
    assert.equal(manager.need('remote')?.reason, 'required');
    assert.match(manager.need('remote')!.detail, /signed out/);
    await pool.stop('remote');
    assert.equal(await needAfterStart(), 'required');
  });
});

describe('MCP OAuth token store', () => {
  it('finds tokens saved under an issuer with a trailing slash when discovery names it without one', async () => {
    const secrets = new MemorySecrets();
    const store = new TokenStore(secrets);
    const tokens = { access_token: 'a', token_type: 'Bearer' };
    // As an earlier version saved them: keyed by the issuer exactly as the SDK stamped it.
    await store.write('as', { discovery: { authorizationServerUrl: 'https://as.example' }, issuers: { 'https://as.example/': { tokens } } });
    const record = await store.read('as');
    assert.deepEqual(record.issuers[currentIssuer(record)!]?.tokens, tokens);
  });
});
