// The gateway's `/mcp` route: streamable HTTP, one stateful MCP session per client connection,
// each its own SDK Server over the one shared pool (so N clients × M servers start M processes,
// not N × M). A session belongs to the client key that opened it. Every session hears
// `notifications/tools/list_changed` when any pool server's tools change, and the resources and
// prompts list_changed when a server sends its own.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { errorMessage } from '../errorMessage';
import type { Disposable, Event } from '../lifecycle';
import type { McpPool } from '../mcp/pool';
import { McpCatalog } from './mcpCatalog';
import { gatewayMcpServer } from './mcpServer';
import type { McpServerDeps } from './mcpServer';
import type { GatewayHandler } from './types';

/** Sessions one client key may hold; opening another closes its oldest (clients that never DELETE). */
const MAX_SESSIONS_PER_KEY = 16;

export interface McpEndpointDeps extends Omit<McpServerDeps, 'catalog' | 'pool'> {
  pool: Pick<McpPool, 'servers' | 'status' | 'read'>;
  /** A pool server's resources or prompts changed (its own list_changed): every session hears it. */
  contentChanged?: Event<{ server: string; list: 'resources' | 'prompts' }>;
  /** Items per tools/resources/prompts page. */
  pageSize?: number;
}

interface Session {
  id: string;
  keyId: string;
  client: string;
  server: Server;
  transport: StreamableHTTPServerTransport;
}

export class McpEndpoint implements Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly catalog: McpCatalog;
  private readonly subscriptions: Disposable[];

  constructor(private readonly deps: McpEndpointDeps) {
    this.catalog = new McpCatalog({ pool: deps.pool, registry: deps.registry, index: deps.index, maxTools: deps.maxTools, log: deps.log, pageSize: deps.pageSize });
    this.subscriptions = [deps.registry.onDidChange.event(() => this.toolsChanged())];
    if (deps.contentChanged) this.subscriptions.push(deps.contentChanged(({ list }) => this.contentChanged(list)));
  }

  /** Tells every session its tool list changed (a server's tools, or `agent.maxTools`). */
  toolsChanged(): void {
    this.tell('tools', (server) => server.sendToolListChanged());
  }

  private contentChanged(list: 'resources' | 'prompts'): void {
    this.tell(list, (server) => (list === 'resources' ? server.sendResourceListChanged() : server.sendPromptListChanged()));
  }

  private tell(list: string, send: (server: Server) => Promise<void>): void {
    for (const s of this.sessions.values()) {
      send(s.server).catch((err: unknown) => this.deps.log.debug(`gateway: ${list} list_changed to ${s.client}: ${errorMessage(err)}`));
    }
  }

  /** The route handler for `/mcp`. */
  readonly handler: GatewayHandler = async (req, res, ctx) => {
    // The server has read the body under its limit; the transport gets it parsed.
    let body: unknown;
    if (req.method === 'POST') {
      try {
        body = JSON.parse(ctx.body.toString('utf8'));
      } catch {
        return refuse(res, 400, -32700, 'Parse error: the request body is not JSON');
      }
    }
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string') {
      const session = this.sessions.get(id);
      // Another key's session id is answered like an unknown one: it tells the caller nothing.
      if (!session || session.keyId !== ctx.client.keyId) return refuse(res, 404, -32001, 'Session not found');
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST') return refuse(res, 400, -32000, 'Bad Request: no Mcp-Session-Id header; start with an initialize request');
    await this.open(ctx.client.name, ctx.client.keyId, (transport) => transport.handleRequest(req, res, body));
  };

  /** Open sessions, by client name (for the status view). */
  clients(): string[] {
    return [...new Set([...this.sessions.values()].map((s) => s.client))];
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    for (const s of [...this.sessions.values()]) void this.close(s);
  }

  private async open(client: string, keyId: string, handle: (t: StreamableHTTPServerTransport) => Promise<void>): Promise<void> {
    const server = gatewayMcpServer({ ...this.deps, catalog: this.catalog }, client);
    let session: Session | undefined;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => {
        session = { id, keyId, client, server, transport };
        this.evictOldest(keyId);
        this.sessions.set(id, session);
        this.deps.log.info(`gateway: MCP session opened for ${client}`);
      },
    });
    transport.onclose = () => {
      if (session && this.sessions.get(session.id) === session) {
        this.sessions.delete(session.id);
        this.deps.log.info(`gateway: MCP session of ${client} closed`);
      }
    };
    await server.connect(transport);
    await handle(transport);
    // Anything but a successful initialize leaves no session behind.
    if (!transport.sessionId) await server.close().catch(() => undefined);
  }

  private evictOldest(keyId: string): void {
    const own = [...this.sessions.values()].filter((s) => s.keyId === keyId);
    if (own.length >= MAX_SESSIONS_PER_KEY) void this.close(own[0]!);
  }

  private async close(s: Session): Promise<void> {
    this.sessions.delete(s.id);
    await s.server.close().catch(() => undefined);
  }
}

function refuse(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
