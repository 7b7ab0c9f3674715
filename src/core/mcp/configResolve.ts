// Turns a raw server entry into a ServerConfig: substitutes ${workspaceFolder}, ${userHome},
// ${env:NAME} and ${input:id}, merges envFile under env. Runs when a server starts, not when
// config loads, so input prompts appear only for servers actually used.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { ConfigSource, InputDefinition, RawServerEntry, ServerConfig } from './configTypes';

export interface ResolveContext {
  workspaceFolder?: string;
  userHome: string;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Asks the host for an input's value (kept in SecretStorage, keyed by the defining file so one
   * workspace cannot read what was entered for another); undefined means the user declined.
   */
  resolveInput(server: string, input: InputDefinition, source: ConfigSource): Promise<string | undefined>;
}

export class ConfigResolveError extends Error {
  constructor(
    readonly server: string,
    readonly file: string,
    message: string,
  ) {
    super(`${file}: server "${server}": ${message}`);
    this.name = 'ConfigResolveError';
  }
}

const VARIABLE = /\$\{([^}]*)\}/g;

export async function resolveServer(
  entry: RawServerEntry,
  inputs: readonly InputDefinition[],
  ctx: ResolveContext,
): Promise<ServerConfig> {
  const secrets: string[] = [];
  const fail = (message: string): never => {
    throw new ConfigResolveError(entry.name, entry.source.file, message);
  };
  const sub = async (text: string): Promise<string> => {
    const names = [...text.matchAll(VARIABLE)].map((m) => m[1] ?? '');
    const values = new Map<string, string>();
    for (const name of names) {
      if (values.has(name)) continue;
      values.set(name, await variable(name));
    }
    return text.replace(VARIABLE, (_m, name: string) => values.get(name) ?? '');
  };
  const variable = async (name: string): Promise<string> => {
    if (name === 'workspaceFolder') {
      return ctx.workspaceFolder ?? fail('${workspaceFolder} is used but no workspace folder is open');
    }
    if (name === 'userHome') return ctx.userHome;
    if (name.startsWith('env:')) {
      const value = ctx.env[name.slice(4)] ?? '';
      if (value) secrets.push(value);
      return value;
    }
    if (name.startsWith('input:')) {
      const id = name.slice(6);
      const def = inputs.find((i) => i.id === id) ?? fail(`\${input:${id}} has no matching entry in "inputs"`);
      const value = (await ctx.resolveInput(entry.name, def, entry.source)) ?? fail(`input "${id}" was not provided`);
      if (value) secrets.push(value);
      return value;
    }
    return fail(`unknown variable \${${name}}`);
  };
  const subMap = async (map: Record<string, string>): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(map)) out[k] = await sub(v);
    return out;
  };

  const raw = entry.server;
  const options = { timeoutMs: raw.timeoutMs, maxSessions: raw.maxSessions, eager: raw.eager, idleMinutes: raw.idleMinutes, protocol: raw.protocol };
  const base = { name: entry.name, source: entry.source, options, secrets };
  if (raw.type !== 'stdio') {
    const headers = await subMap(raw.headers);
    // Header values are credentials more often than not.
    secrets.push(...Object.values(headers).map((v) => v.replace(/^(Bearer|Basic|Token)\s+/i, '')));
    return { ...base, transport: { type: raw.type, url: await sub(raw.url), headers, ...(raw.oauth ? { oauth: raw.oauth } : {}) } };
  }
  const cwd = raw.cwd !== undefined ? await sub(raw.cwd) : ctx.workspaceFolder;
  let env = await subMap(raw.env);
  if (raw.envFile !== undefined) {
    const path = await sub(raw.envFile);
    const full = isAbsolute(path) || !cwd ? path : resolvePath(cwd, path);
    const text = await readFile(full, 'utf8').catch((err: Error) => fail(`cannot read envFile ${full}: ${err.message}`));
    const fromFile = parseEnvFile(text);
    secrets.push(...Object.values(fromFile).filter((v) => v.length > 0));
    env = { ...fromFile, ...env };
  }
  const args: string[] = [];
  for (const a of raw.args) args.push(await sub(a));
  return { ...base, transport: { type: 'stdio', command: await sub(raw.command), args, env, cwd } };
}

/** `KEY=value` lines; `#` comments, optional `export `, single or double quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2] ?? '';
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[1] === '"' ? (quoted[2] ?? '').replace(/\\n/g, '\n') : (quoted[2] ?? '');
    else value = value.replace(/\s+#.*$/, '');
    out[m[1]!] = value;
  }
  return out;
}

/** Replaces every known secret in a log line. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}
