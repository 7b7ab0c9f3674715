// Connecting to the team database: the URL (never with a password in settings; the password comes
// from secret storage), libpq's `sslmode` semantics mapped onto node-postgres, and every failure
// sorted into the few kinds a user can act on.
import * as fs from 'node:fs';
import { Client, type ClientConfig } from 'pg';
import { errorMessage } from '../errorMessage';
import { SchemaTooNewError } from './schema';

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

export interface TeamTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  sslMode: SslMode;
  sslRootCert?: string;
  /** `host:port/database`: names the database in messages and local state files (no user, no secret). */
  label: string;
}

/** Parses `postgres://user@host:port/db?sslmode=…`; a bad URL is a clear error naming what is wrong. */
export function parseTeamUrl(url: string): TeamTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('the team database setting is not a URL (expected postgres://user@host:5432/database)');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error(`the team database URL must start with postgres:// (got ${u.protocol}//)`);
  const mode = (u.searchParams.get('sslmode') ?? 'prefer') as SslMode;
  if (!SSL_MODES.includes(mode)) throw new Error(`sslmode=${mode} is not one of ${SSL_MODES.join(', ')}`);
  const host = u.hostname.replace(/^\[|\]$/g, '') || 'localhost';
  const port = Number(u.port || 5432);
  const database = decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username) || 'postgres';
  return {
    host, port, database, user: decodeURIComponent(u.username), sslMode: mode, sslRootCert: u.searchParams.get('sslrootcert') ?? undefined,
    label: `${host}:${port}/${database}`,
  };
}

function sslConfig(t: TeamTarget, mode: SslMode): ClientConfig['ssl'] {
  if (mode === 'disable' || mode === 'allow') return false;
  const ca = t.sslRootCert ? fs.readFileSync(t.sslRootCert, 'utf8') : undefined;
  // libpq: require encrypts without verifying; verify-ca checks the chain; verify-full also the host name.
  if (mode === 'prefer' || mode === 'require') return { rejectUnauthorized: false };
  if (mode === 'verify-ca') return { rejectUnauthorized: true, ca, checkServerIdentity: () => undefined };
  return { rejectUnauthorized: true, ca, servername: t.host };
}

const NO_SSL = /does not support SSL/i;

/** Opens a client; `prefer` falls back to plain text when the server has no TLS, as libpq does. */
export async function connectTeam(t: TeamTarget, password: string | undefined, extra: Partial<ClientConfig> = {}): Promise<Client> {
  const base: ClientConfig = {
    host: t.host, port: t.port, database: t.database, user: t.user, password, application_name: 'switchboard',
    connectionTimeoutMillis: 10_000, keepAlive: true, ...extra,
  };
  const attempt = async (mode: SslMode): Promise<Client> => {
    const client = new Client({ ...base, ssl: sslConfig(t, mode) });
    client.on('error', () => undefined); // a dropped connection surfaces on the next query
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  };
  try {
    return await attempt(t.sslMode);
  } catch (err) {
    if (t.sslMode === 'prefer' && NO_SSL.test(errorMessage(err))) return attempt('disable');
    throw err;
  }
}

export type TeamErrorKind = 'unreachable' | 'authentication' | 'privilege' | 'tls' | 'schema' | 'other';

export interface TeamError {
  kind: TeamErrorKind;
  /** One sentence for the user; never contains a password. */
  message: string;
  /** Worth retrying without the user changing anything (a dropped connection, a deadlock). */
  transient: boolean;
}

const NET_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);
const TLS_CODES = /^(ERR_TLS|ERR_SSL|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|CERT_|ERR_OSSL|HOSTNAME_MISMATCH)/;

export function classifyTeamError(err: unknown, t: Pick<TeamTarget, 'label' | 'user'>): TeamError {
  const e = err as { code?: string };
  const code = e.code ?? '';
  const detail = errorMessage(err).replace(/password[^ ]*/gi, 'password');
  if (err instanceof SchemaTooNewError) return { kind: 'schema', message: err.message, transient: false };
  if (code === '28P01' || code === '28000') {
    return { kind: 'authentication', message: `the team database ${t.label} refused user "${t.user}": wrong password or no access (${detail})`, transient: false };
  }
  if (code === '42501') {
    return { kind: 'privilege', message: `user "${t.user}" lacks a privilege in the team database ${t.label} (${detail}); ask its administrator to grant switchboard_writer`, transient: false };
  }
  if (TLS_CODES.test(code) || NO_SSL.test(detail) || /certificate|SSL|TLS/i.test(detail)) {
    return { kind: 'tls', message: `TLS to the team database ${t.label} failed: ${detail} (check sslmode and sslrootcert)`, transient: false };
  }
  if (NET_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || /terminated|timeout|Connection ended|connection error|not queryable/i.test(detail)) {
    return { kind: 'unreachable', message: `the team database ${t.label} is unreachable (${detail}); shipping resumes when it is back`, transient: true };
  }
  // Deadlocks, serialization failures and lock timeouts roll the batch back whole: retry it.
  const transient = code === '40P01' || code === '40001' || code === '55P03';
  return { kind: 'other', message: `shipping to the team database ${t.label} failed: ${detail}`, transient };
}
