// The tool registry: every known tool indexed by `server/tool`, by bare name and by its
// LLM-safe function name. Lookups are Map reads (never a scan, never a network call).
// A server's tools are swapped in one synchronous step, so readers never see half a listing.
import type { Tool } from '@modelcontextprotocol/client';
import { Emitter } from '../lifecycle';
import { ToolCallError } from './errors';
import { functionNameFor } from './functionNames';
import { estimateToolTokens } from './tokenEstimate';
import { ToolPreferences } from './toolPreferences';
import type { PreferenceStore } from './toolPreferences';

export interface ToolEntry {
  server: string;
  tool: string;
  /** `server/tool`: a client-side key only (MCP tool names may not contain `/`). */
  qualifiedName: string;
  /** Matches `^[a-zA-Z0-9_-]{1,64}$`; maps back to this entry. */
  functionName: string;
  description: string;
  inputSchema: Tool['inputSchema'];
  definition: Tool;
  /** Registry version at which this entry was created (a new listing makes new entries). */
  version: number;
}

export interface RegistryChange {
  server: string;
  added: readonly ToolEntry[];
  removed: readonly ToolEntry[];
  version: number;
}

const EMPTY: readonly ToolEntry[] = [];

export class ToolRegistry {
  private readonly byQualified = new Map<string, ToolEntry>();
  private readonly byFunction = new Map<string, ToolEntry>();
  private readonly byBare = new Map<string, ToolEntry[]>();
  private readonly byServer = new Map<string, readonly ToolEntry[]>();
  /** Token estimates are computed on first ask (they cost more than indexing itself). */
  private readonly serverTokens = new Map<string, number>();
  private readonly entryTokens = new WeakMap<ToolEntry, number>();
  private currentVersion = 0;
  readonly preferences: ToolPreferences;
  readonly onDidChange = new Emitter<RegistryChange>();

  constructor(store?: PreferenceStore) {
    this.preferences = new ToolPreferences(store, () => this.bump());
  }

  /** Bumps on every change of tools or of enabled flags. */
  get version(): number {
    return this.currentVersion;
  }

  /** Replaces everything known about `server` with `tools`, in one step. */
  replaceServer(server: string, tools: readonly Tool[]): RegistryChange {
    const version = this.currentVersion + 1;
    const removed = this.unindex(server);
    const added: ToolEntry[] = [];
    for (const def of tools) {
      // A server listing one name twice is broken; the first declaration wins.
      if (this.byQualified.has(`${server}/${def.name}`)) continue;
      const entry = this.makeEntry(server, def, version);
      added.push(entry);
      this.byQualified.set(entry.qualifiedName, entry);
      this.byFunction.set(entry.functionName, entry);
      const bare = this.byBare.get(def.name);
      if (bare) bare.push(entry);
      else this.byBare.set(def.name, [entry]);
    }
    this.byServer.set(server, added);
    this.serverTokens.delete(server);
    this.currentVersion = version;
    const change = { server, added, removed, version };
    this.onDidChange.fire(change);
    return change;
  }

  removeServer(server: string): void {
    if (!this.byServer.has(server)) return;
    const removed = this.unindex(server);
    this.byServer.delete(server);
    this.serverTokens.delete(server);
    this.currentVersion++;
    this.onDidChange.fire({ server, added: EMPTY, removed, version: this.currentVersion });
  }

  /**
   * Resolves `server/tool`, a function name, or a bare tool name. A bare name two servers share
   * is refused with the qualified candidates listed.
   */
  resolve(name: string): ToolEntry {
    const found = this.byQualified.get(name) ?? this.byFunction.get(name);
    if (found) return found;
    const bare = this.byBare.get(name);
    if (bare?.length === 1) return bare[0]!;
    if (bare && bare.length > 1) {
      const candidates = bare.map((e) => e.qualifiedName).sort().join(', ');
      throw new ToolCallError('ambiguous', `tool name "${name}" is offered by ${bare.length} servers; use one of: ${candidates}`, undefined, name);
    }
    throw new ToolCallError('not-found', `no MCP tool named "${name}" is known`, undefined, name);
  }

  /** Like resolve, but undefined when the name is unknown or ambiguous. */
  tryResolve(name: string): ToolEntry | undefined {
    const found = this.byQualified.get(name) ?? this.byFunction.get(name);
    if (found) return found;
    const bare = this.byBare.get(name);
    return bare?.length === 1 ? bare[0] : undefined;
  }

  byFunctionName(functionName: string): ToolEntry | undefined {
    return this.byFunction.get(functionName);
  }

  tools(server?: string): readonly ToolEntry[] {
    if (server !== undefined) return this.byServer.get(server) ?? EMPTY;
    return [...this.byQualified.values()];
  }

  /** Tools to offer a model: enabled tools on enabled servers. */
  enabledTools(): ToolEntry[] {
    const out: ToolEntry[] = [];
    for (const [server, entries] of this.byServer) {
      if (!this.preferences.isServerEnabled(server)) continue;
      for (const e of entries) if (this.preferences.isToolEnabled(e.qualifiedName)) out.push(e);
    }
    return out;
  }

  isEnabled(entry: ToolEntry): boolean {
    return this.preferences.isServerEnabled(entry.server) && this.preferences.isToolEnabled(entry.qualifiedName);
  }

  /** Estimated prompt tokens to offer this tool to a model. */
  toolTokens(entry: ToolEntry): number {
    let n = this.entryTokens.get(entry);
    if (n === undefined) {
      n = estimateToolTokens(entry.definition);
      this.entryTokens.set(entry, n);
    }
    return n;
  }

  /** Estimated prompt tokens to offer all of a server's enabled tools. */
  tokenCost(server: string): number {
    if (!this.preferences.isServerEnabled(server)) return 0;
    const entries = this.byServer.get(server) ?? EMPTY;
    if (this.preferences.disabledToolCount === 0) {
      let total = this.serverTokens.get(server);
      if (total === undefined) {
        total = 0;
        for (const e of entries) total += this.toolTokens(e);
        this.serverTokens.set(server, total);
      }
      return total;
    }
    let n = 0;
    for (const e of entries) if (this.preferences.isToolEnabled(e.qualifiedName)) n += this.toolTokens(e);
    return n;
  }

  dispose(): void {
    this.onDidChange.dispose();
  }

  private makeEntry(server: string, def: Tool, version: number): ToolEntry {
    let functionName = functionNameFor(server, def.name);
    for (let extra = 8; this.byFunction.has(functionName) && extra <= 40; extra += 8) functionName = functionNameFor(server, def.name, extra);
    return {
      server,
      tool: def.name,
      qualifiedName: `${server}/${def.name}`,
      functionName,
      description: def.description ?? '',
      inputSchema: def.inputSchema,
      definition: def,
      version,
    };
  }

  private unindex(server: string): readonly ToolEntry[] {
    const old = this.byServer.get(server) ?? EMPTY;
    for (const e of old) {
      this.byQualified.delete(e.qualifiedName);
      this.byFunction.delete(e.functionName);
      const bare = this.byBare.get(e.tool);
      const rest = bare?.filter((b) => b !== e);
      if (rest && rest.length > 0) this.byBare.set(e.tool, rest);
      else this.byBare.delete(e.tool);
    }
    return old;
  }

  private bump(): void {
    this.currentVersion++;
  }
}
