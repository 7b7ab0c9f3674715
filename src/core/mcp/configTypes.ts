// Shapes of MCP server configuration: as written in files (raw, with ${...} variables)
// and as resolved for the pool. VS Code's `servers` format and Claude's `mcpServers` map
// onto the same raw shape.

export type ServerScope = 'workspace' | 'user';

/** Where a server was defined: shown in every error about it. */
export interface ConfigSource {
  /** File path, or a setting id such as `switchboard.mcp.servers`. */
  file: string;
  scope: ServerScope;
}

export type TransportKind = 'stdio' | 'http' | 'sse';

/** Options any server may carry beside its transport. */
export interface ServerOptions {
  /** Per-call timeout for this server; overrides the global one. */
  timeoutMs?: number;
  /** Concurrent sessions to open (HTTP only; stdio is always 1). */
  maxSessions?: number;
  /** Connect as soon as the configuration is applied instead of on first use. */
  eager?: boolean;
  /** Stop an idle stdio server after this many minutes (0 or absent: never). */
  idleMinutes?: number;
  /**
   * Protocol negotiation: `auto` (absent: probe, fall back to the 2025 handshake), `legacy` (2025
   * handshake only) or a pinned modern version such as `2026-07-28`.
   */
  protocol?: 'auto' | 'legacy' | (string & {});
}

export interface RawStdioServer extends ServerOptions {
  type: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  envFile?: string;
  cwd?: string;
}

/** OAuth settings of an HTTP/SSE server (`oauth` in mcp.json, as VS Code has it). */
export interface OAuthConfig {
  /** A client id registered with the server's authorization server beforehand. */
  clientId?: string;
  /** An https URL hosting a Client ID Metadata Document for Switchboard (used when the server supports it). */
  clientMetadataUrl?: string;
  /** Scopes to ask for when the server names none. */
  scopes?: string[];
}

export interface RawHttpServer extends ServerOptions {
  type: 'http' | 'sse';
  url: string;
  headers: Record<string, string>;
  oauth?: OAuthConfig;
}

export type RawServer = RawStdioServer | RawHttpServer;

export interface RawServerEntry {
  name: string;
  source: ConfigSource;
  server: RawServer;
  /** 1-based position of the server's entry in its file, for messages. */
  line?: number;
  column?: number;
}

/** A VS Code `inputs` entry: asked once, then kept in SecretStorage by the host. */
export interface InputDefinition {
  id: string;
  type: 'promptString' | 'pickString';
  description?: string;
  password?: boolean;
  default?: string;
  options?: string[];
}

export interface ConfigProblem {
  file: string;
  server?: string;
  message: string;
  line?: number;
  column?: number;
  /** End of the range to underline (exclusive), when known. */
  endLine?: number;
  endColumn?: number;
  /** The file could not be read as JSON at all: none of its servers are known. */
  syntax?: boolean;
  /** Worth knowing but nothing is broken (a server overriding another). */
  warning?: boolean;
}

/** A server ready for the pool: variables substituted, env file merged. */
export interface ServerConfig {
  name: string;
  source: ConfigSource;
  transport: ResolvedStdio | ResolvedHttp;
  options: ServerOptions;
  /** Values that came from inputs or env: redacted from every log line. */
  secrets: string[];
}

export interface ResolvedStdio {
  type: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

export interface ResolvedHttp {
  type: 'http' | 'sse';
  url: string;
  headers: Record<string, string>;
  oauth?: OAuthConfig;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  return p.server ? `${where}: server "${p.server}": ${p.message}` : `${where}: ${p.message}`;
}
