// Parses MCP configuration: VS Code's `.vscode/mcp.json` (`servers` + `inputs`), Claude-style
// `mcpServers` files, and the same shape from a setting. Comments and trailing commas are
// allowed. A broken server yields a problem naming file, server and position; the others still load.
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import type {
  ConfigProblem,
  ConfigSource,
  InputDefinition,
  RawServer,
  RawServerEntry,
  ServerOptions,
} from './configTypes';

export interface ParsedConfig {
  servers: RawServerEntry[];
  inputs: InputDefinition[];
  problems: ConfigProblem[];
}

type Position = { line: number; column: number };

function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Parses a config file's text. */
export function parseConfigText(text: string, source: ConfigSource): ParsedConfig {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const problems = errors.map((e) => ({
      file: source.file,
      message: `JSON syntax error: ${printParseErrorCode(e.error)}`,
      ...positionAt(text, e.offset),
    }));
    if (problems.length === 0) problems.push({ file: source.file, message: 'the file is empty', line: 1, column: 1 });
    return { servers: [], inputs: [], problems };
  }
  const locate = (path: (string | number)[]): Position | undefined => {
    const node: Node | undefined = findNodeAtLocation(root, path);
    return node ? positionAt(text, node.offset) : undefined;
  };
  return parseConfigValue(getNodeValue(root) as unknown, source, locate);
}

/** Parses an already-parsed value (a setting): `{servers|mcpServers, inputs}` or a bare map of servers. */
export function parseConfigValue(
  value: unknown,
  source: ConfigSource,
  locate: (path: (string | number)[]) => Position | undefined = () => undefined,
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
      const at = locate(key ? [key, name] : [name]);
      const result = parseServer(def);
      if (typeof result === 'string') out.problems.push({ file: source.file, server: name, message: result, ...at });
      else out.servers.push({ name, source, server: result, ...at });
    }
  }
  if (value.inputs !== undefined) parseInputs(value.inputs, source, out, locate);
  return out;
}

function parseInputs(
  inputs: unknown,
  source: ConfigSource,
  out: ParsedConfig,
  locate: (path: (string | number)[]) => Position | undefined,
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

/** Returns the server, or a message saying what is wrong with it. */
function parseServer(def: unknown): RawServer | string {
  if (!isObject(def)) return 'a server must be an object';
  const options = parseOptions(def);
  if (typeof options === 'string') return options;
  const type = def.type ?? (def.command !== undefined ? 'stdio' : def.url !== undefined ? 'http' : undefined);
  if (type === 'stdio' || type === 'local') {
    if (typeof def.command !== 'string' || def.command.trim() === '') return '"command" must be a non-empty string';
    const args = stringArray(def.args);
    if (args === undefined) return '"args" must be an array of strings';
    const env = stringMap(def.env);
    if (env === undefined) return '"env" must be an object of strings';
    if (def.envFile !== undefined && typeof def.envFile !== 'string') return '"envFile" must be a string';
    if (def.cwd !== undefined && typeof def.cwd !== 'string') return '"cwd" must be a string';
    return { type: 'stdio', command: def.command, args, env, envFile: str(def.envFile), cwd: str(def.cwd), ...options };
  }
  if (type === 'http' || type === 'sse' || type === 'streamableHttp') {
    if (typeof def.url !== 'string' || def.url === '') return '"url" must be a non-empty string';
    const headers = stringMap(def.headers);
    if (headers === undefined) return '"headers" must be an object of strings';
    return { type: type === 'sse' ? 'sse' : 'http', url: def.url, headers, ...options };
  }
  if (type === undefined) return 'needs "command" (stdio) or "url" (http/sse)';
  return `unknown "type" ${JSON.stringify(type)} (expected "stdio", "http" or "sse")`;
}

function parseOptions(def: Record<string, unknown>): ServerOptions | string {
  const out: ServerOptions = {};
  for (const key of ['timeoutMs', 'maxSessions', 'idleMinutes'] as const) {
    const v = def[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v >= 0)) return `"${key}" must be a non-negative number`;
    out[key] = v;
  }
  if (def.eager !== undefined) {
    if (typeof def.eager !== 'boolean') return '"eager" must be true or false';
    out.eager = def.eager;
  }
  return out;
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
