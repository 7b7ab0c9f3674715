// Parses MCP configuration: VS Code's `.vscode/mcp.json` (`servers` + `inputs`), Claude-style
// `mcpServers` files, and the same shape from a setting. Comments and trailing commas are
// allowed. A broken server yields a problem naming file, server and position; the others still load.
import { findNodeAtLocation, getNodeValue, parseTree } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import { nodeSpan, syntaxProblems } from './configSyntax';
import type { Span } from './configSyntax';
import type {
  ConfigProblem,
  ConfigSource,
  InputDefinition,
  OAuthConfig,
  RawServer,
  RawServerEntry,
  ServerOptions,
} from './configTypes';

export interface ParsedConfig {
  servers: RawServerEntry[];
  inputs: InputDefinition[];
  problems: ConfigProblem[];
  /** The text is not valid JSON, so which servers it defines is unknown (not "none"). */
  broken?: boolean;
}

type Locate = (path: (string | number)[]) => Span | undefined;

/** What is wrong with a server, and which of its fields (if one) to point at. */
interface Fault {
  message: string;
  field?: string;
}

/** Parses a config file's text. */
export function parseConfigText(text: string, source: ConfigSource): ParsedConfig {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) return { servers: [], inputs: [], problems: syntaxProblems(text, errors, source.file), broken: true };
  const locate: Locate = (path) => {
    const node = findNodeAtLocation(root, path);
    return node ? nodeSpan(text, node) : undefined;
  };
  return parseConfigValue(getNodeValue(root) as unknown, source, locate);
}

/** Parses an already-parsed value (a setting): `{servers|mcpServers, inputs}` or a bare map of servers. */
export function parseConfigValue(
  value: unknown,
  source: ConfigSource,
  locate: Locate = () => undefined,
): ParsedConfig {
  const out: ParsedConfig = { servers: [], inputs: [], problems: [] };
  if (!isObject(value)) {
    out.problems.push({ file: source.file, message: 'expected an object with "servers" or "mcpServers"', ...locate([]) });
    return out;
  }
  const key = 'servers' in value ? 'servers' : 'mcpServers' in value ? 'mcpServers' : undefined;
  const map = key ? value[key] : value.inputs === undefined ? value : {};
  if (!isObject(map)) {
    out.problems.push({ file: source.file, message: `"${key}" must be an object`, ...locate(key ? [key] : []) });
  } else {
    for (const [name, def] of Object.entries(map)) {
      const path = key ? [key, name] : [name];
      const result = parseServer(def);
      if ('message' in result) {
        const at = (result.field !== undefined ? locate([...path, result.field]) : undefined) ?? locate(path);
        out.problems.push({ file: source.file, server: name, message: result.message, ...at });
      } else {
        const at = locate(path);
        out.servers.push({ name, source, server: result, line: at?.line, column: at?.column });
      }
    }
  }
  if (value.inputs !== undefined) parseInputs(value.inputs, source, out, locate);
  return out;
}

function parseInputs(
  inputs: unknown,
  source: ConfigSource,
  out: ParsedConfig,
  locate: Locate,
): void {
  if (!Array.isArray(inputs)) {
    out.problems.push({ file: source.file, message: '"inputs" must be an array', ...locate(['inputs']) });
    return;
  }
  inputs.forEach((input: unknown, i) => {
    if (!isObject(input) || typeof input.id !== 'string') {
      out.problems.push({ file: source.file, message: `inputs[${i}] needs a string "id"`, ...locate(['inputs', i]) });
      return;
    }
    out.inputs.push({
      id: input.id,
      type: input.type === 'pickString' ? 'pickString' : 'promptString',
      description: str(input.description),
      password: input.password === true,
      default: str(input.default),
      options: Array.isArray(input.options) ? input.options.filter((o): o is string => typeof o === 'string') : undefined,
    });
  });
}

/** Returns the server, or what is wrong with it. */
function parseServer(def: unknown): RawServer | Fault {
  if (!isObject(def)) return { message: 'a server must be an object' };
  const options = parseOptions(def);
  if ('message' in options) return options;
  const type = def.type ?? (def.command !== undefined ? 'stdio' : def.url !== undefined ? 'http' : undefined);
  if (type === 'stdio' || type === 'local') {
    const command = nonEmptyString(def, 'command');
    if (typeof command !== 'string') return command;
    const args = stringArray(def.args);
    if (args === undefined) return { message: '"args" must be an array of strings', field: 'args' };
    const env = stringMap(def.env);
    if (env === undefined) return { message: '"env" must be an object of strings', field: 'env' };
    for (const field of ['envFile', 'cwd']) {
      if (def[field] !== undefined && typeof def[field] !== 'string') return { message: `"${field}" must be a string`, field };
    }
    return { type: 'stdio', command, args, env, envFile: str(def.envFile), cwd: str(def.cwd), ...options };
  }
  if (type === 'http' || type === 'sse' || type === 'streamableHttp') {
    const url = nonEmptyString(def, 'url');
    if (typeof url !== 'string') return url;
    const headers = stringMap(def.headers);
    if (headers === undefined) return { message: '"headers" must be an object of strings', field: 'headers' };
    const oauth = parseOAuth(def.oauth);
    if (oauth && 'message' in oauth) return oauth;
    return { type: type === 'sse' ? 'sse' : 'http', url, headers, ...(oauth ? { oauth } : {}), ...options };
  }
  if (type === undefined) return { message: 'needs "command" (stdio) or "url" (http/sse)' };
  return { message: `unknown "type" ${JSON.stringify(type)} (expected "stdio", "http" or "sse")`, field: 'type' };
}

/** A wrong type and an empty string are different mistakes, so they get different messages. */
function nonEmptyString(def: Record<string, unknown>, field: string): string | Fault {
  const v = def[field];
  if (v === undefined) return { message: `needs "${field}"` };
  if (typeof v !== 'string') return { message: `"${field}" must be a string`, field };
  if (v.trim() === '') return { message: `"${field}" must not be empty`, field };
  return v;
}

/** The smallest value each numeric option accepts; the settings schema in package.json says the same. */
const MINIMUMS = { timeoutMs: 1, maxSessions: 1, idleMinutes: 0 } as const;

const PROTOCOL = /^(auto|legacy|\d{4}-\d{2}-\d{2})$/;

function parseOptions(def: Record<string, unknown>): ServerOptions | Fault {
  const out: ServerOptions = {};
  for (const [field, min] of Object.entries(MINIMUMS) as [keyof typeof MINIMUMS, number][]) {
    const v = def[field];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return { message: `"${field}" must be a number`, field };
    if (v < min) return { message: `"${field}" must be at least ${min} (it is ${v})`, field };
    out[field] = v;
  }
  if (def.eager !== undefined) {
    if (typeof def.eager !== 'boolean') return { message: '"eager" must be true or false', field: 'eager' };
    out.eager = def.eager;
  }
  if (def.protocol !== undefined) {
    if (typeof def.protocol !== 'string' || !PROTOCOL.test(def.protocol)) {
      return { message: '"protocol" must be "auto", "legacy" or a protocol version such as "2026-07-28"', field: 'protocol' };
    }
    out.protocol = def.protocol;
  }
  return out;
}

/** `oauth: { clientId, clientMetadataUrl, scopes }`; a metadata document URL must be https with a path (it is the client id). */
function parseOAuth(v: unknown): OAuthConfig | Fault | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) return { message: '"oauth" must be an object', field: 'oauth' };
  for (const field of ['clientId', 'clientMetadataUrl']) {
    if (v[field] !== undefined && (typeof v[field] !== 'string' || v[field].trim() === '')) return { message: `"oauth.${field}" must be a non-empty string`, field: 'oauth' };
  }
  const scopes = v.scopes === undefined ? undefined : stringArray(v.scopes);
  if (v.scopes !== undefined && scopes === undefined) return { message: '"oauth.scopes" must be an array of strings', field: 'oauth' };
  const metadataUrl = str(v.clientMetadataUrl);
  if (metadataUrl !== undefined && !isDocumentUrl(metadataUrl)) {
    return { message: '"oauth.clientMetadataUrl" must be an https URL with a path (it becomes the client id)', field: 'oauth' };
  }
  return { clientId: str(v.clientId), clientMetadataUrl: metadataUrl, scopes };
}

function isDocumentUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' && u.pathname !== '/';
  } catch {
    return false;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function stringArray(v: unknown): string[] | undefined {
  if (v === undefined) return [];
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (v === undefined) return {};
  if (!isObject(v)) return undefined;
  return Object.values(v).every((x) => typeof x === 'string') ? (v as Record<string, string>) : undefined;
}
