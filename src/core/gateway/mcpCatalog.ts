// What the gateway's `/mcp` endpoint offers: every enabled pool server's tools, resources and
// prompts as one server. Tools come from the registry (already indexed, O(1) to resolve) under
// their LLM-safe function names; resources and prompts are listed from the servers that offer
// them and routed back by the name or URI they were listed under. Pages are cut from the merged
// list with an opaque offset cursor.
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Client, Prompt, RequestOptions, Resource, ResourceTemplateType as ResourceTemplate, Tool } from '@modelcontextprotocol/client';
import { errorMessage } from '../errorMessage';
import type { Logger } from '../log';
import { functionNameFor } from '../mcp/functionNames';
import type { McpPool } from '../mcp/pool';
import type { ToolRegistry } from '../mcp/registry';
import { collectPages } from '../mcp/toolListing';
import type { ToolIndex } from '../tools/toolIndex';
import { listedTools } from './mcpToolLimit';

export const DEFAULT_PAGE_SIZE = 100;

export interface CatalogDeps {
  pool: Pick<McpPool, 'servers' | 'status' | 'read'>;
  registry: ToolRegistry;
  index: ToolIndex;
  /** `agent.maxTools`: past it the listing is cut and the rest found through the gateway's own tools. */
  maxTools(): number;
  log: Logger;
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

type Lister<T> = (client: Client, cursor: string | undefined, options: RequestOptions) => Promise<{ items: T[]; nextCursor?: string }>;


export class McpCatalog {
  /** Where each listed resource URI, template and prompt name leads, from the newest listing. */
  private resourceServers = new Map<string, string>();
  private templates: { template: UriTemplate; server: string }[] = [];
  private prompts = new Map<string, { server: string; name: string }>();
  /** The last cut reported to the log, so a listing repeated page by page logs once. */
  private reportedCut = '';

  constructor(private readonly deps: CatalogDeps) {}

  tools(cursor: string | undefined): Page<Tool> {
    const { tools, enabled, leftOut } = listedTools(this.deps);
    const cut = leftOut > 0 ? `${enabled}/${leftOut}` : '';
    if (cut && cut !== this.reportedCut) {
      this.deps.log.info(
        `gateway: /mcp lists ${enabled - leftOut} of ${enabled} enabled tools (switchboard.agent.maxTools ${this.deps.maxTools()}); ` +
          `the other ${leftOut} are reachable through switchboard_find_tools and switchboard_call_tool`,
      );
    }
    this.reportedCut = cut;
    return this.page(tools, cursor);
  }

  async resources(cursor: string | undefined, signal?: AbortSignal): Promise<Page<Resource>> {
    const listed = await this.gather('resources', signal, async (c, cur, o) => {
      const r = await c.listResources(cur ? { cursor: cur } : {}, o);
      return { items: r.resources, nextCursor: r.nextCursor };
    });
    const map = new Map<string, string>();
    const all = listed.map(({ server, item }) => {
      // The first server to list a URI owns it; URIs stay as servers gave them (clients may read their scheme).
      if (!map.has(item.uri)) map.set(item.uri, server);
      return { ...item, name: `${server}/${item.name}` };
    });
    this.resourceServers = map;
    return this.page(all, cursor);
  }

  async resourceTemplates(cursor: string | undefined, signal?: AbortSignal): Promise<Page<ResourceTemplate>> {
    const listed = await this.listTemplates(signal);
    return this.page(
      listed.map(({ server, item }) => ({ ...item, name: `${server}/${item.name}` })),
      cursor,
    );
  }

  /** The server a resource URI was listed by (or whose template matches it); lists again once when unknown. */
  async resourceServer(uri: string, signal?: AbortSignal): Promise<string> {
    const known = () => this.resourceServers.get(uri) ?? this.templates.find((t) => t.template.match(uri))?.server;
    let server = known();
    if (!server) {
      await Promise.all([this.resources(undefined, signal), this.listTemplates(signal)]);
      server = known();
    }
    if (!server) throw new McpError(ErrorCode.InvalidParams, `no MCP server behind the gateway offers the resource ${uri}`);
    return server;
  }

  async promptList(cursor: string | undefined, signal?: AbortSignal): Promise<Page<Prompt>> {
    const listed = await this.gather('prompts', signal, async (c, cur, o) => {
      const r = await c.listPrompts(cur ? { cursor: cur } : {}, o);
      return { items: r.prompts, nextCursor: r.nextCursor };
    });
    const map = new Map<string, { server: string; name: string }>();
    const all = listed.map(({ server, item }) => {
      const name = functionNameFor(server, item.name);
      map.set(name, { server, name: item.name });
      return { ...item, name };
    });
    this.prompts = map;
    return this.page(all, cursor);
  }

  /** The server and own name behind a prompt name as listed; lists again once when unknown. */
  async prompt(name: string, signal?: AbortSignal): Promise<{ server: string; name: string }> {
    if (!this.prompts.has(name)) await this.promptList(undefined, signal);
    const found = this.prompts.get(name);
    if (!found) throw new McpError(ErrorCode.InvalidParams, `no MCP prompt named "${name}" behind the gateway`);
    return found;
  }

  private async listTemplates(signal?: AbortSignal): Promise<{ server: string; item: ResourceTemplate }[]> {
    const listed = await this.gather('resources', signal, async (c, cur, o) => {
      const r = await c.listResourceTemplates(cur ? { cursor: cur } : {}, o);
      return { items: r.resourceTemplates, nextCursor: r.nextCursor };
    });
    this.templates = listed.map(({ server, item }) => ({ server, template: new UriTemplate(item.uriTemplate) }));
    return listed;
  }

  /** Lists every page from each running, enabled server that declares `capability`; a failing server is logged and skipped. */
  private async gather<T>(capability: 'resources' | 'prompts', signal: AbortSignal | undefined, list: Lister<T>): Promise<{ server: string; item: T }[]> {
    const { pool, registry, log } = this.deps;
    const servers = pool.servers().filter((s) => pool.status(s)?.state === 'running' && registry.preferences.isServerEnabled(s));
    const perServer = await Promise.all(
      servers.map((server) =>
        pool
          .read(
            server,
            async (client, options) => {
              if (!client.getServerCapabilities()?.[capability]) return [];
              const items = await collectPages(capability, server, (cursor) => list(client, cursor, options));
              return items.map((item) => ({ server, item }));
            },
            signal,
          )
          .catch((err: unknown) => {
            log.warn(`gateway: listing ${capability} of ${server} failed: ${errorMessage(err)}`);
            return [];
          }),
      ),
    );
    return perServer.flat();
  }

  private page<T>(all: T[], cursor: string | undefined): Page<T> {
    const size = this.deps.pageSize ?? DEFAULT_PAGE_SIZE;
    const start = cursor === undefined ? 0 : decodeCursor(cursor);
    const items = all.slice(start, start + size);
    return start + size < all.length ? { items, nextCursor: encodeCursor(start + size) } : { items };
  }
}

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new McpError(ErrorCode.InvalidParams, 'invalid cursor');
  return Number(m[1]);
}
