// The MCP server one gateway client talks to: an SDK Server whose handlers answer from the
// catalog (listings) and the pool (resource reads, prompts), and run tools through the executor
// (validation, approval naming the client, timing, the ledger) as executions of kind `gateway`.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { errorMessage } from '../errorMessage';
import type { Logger } from '../log';
import { ToolCallError } from '../mcp/errors';
import type { McpPool } from '../mcp/pool';
import type { ToolEntry, ToolRegistry } from '../mcp/registry';
import type { ToolExecutor } from '../tools/executor';
import type { ToolIndex } from '../tools/toolIndex';
import type { ProgressListener } from '../mcp/pendingCall';
import { asExecution } from '../tools/manualCall';
import { GATEWAY_EXECUTION_KIND, gatewayExecutionTitle, type UsageSink } from '../usage/records';
import type { McpCatalog, Page } from './mcpCatalog';
import { CALL_TOOL, FIND_TOOLS, findTools, innerCall } from './mcpToolLimit';

export interface McpServerDeps {
  catalog: McpCatalog;
  pool: Pick<McpPool, 'read'>;
  registry: ToolRegistry;
  /** BM25 over the registry, for `switchboard_find_tools` when the listing is cut at `maxTools`. */
  index: ToolIndex;
  /** `agent.maxTools`, read on each listing. */
  maxTools(): number;
  executor: Pick<ToolExecutor, 'call'>;
  usage: UsageSink;
  /** Starts enabled servers whose tools are not known yet and waits for their listing. */
  prepare(): Promise<void>;
  log: Logger;
  /** Switchboard's version, announced to clients. */
  version: string;
}

/** A new Server for one session of `client` (its key's name). */
export function gatewayMcpServer(deps: McpServerDeps, client: string): Server {
  const { catalog, pool } = deps;
  const server = new Server(
    { name: 'switchboard', title: 'Switchboard', version: deps.version },
    {
      capabilities: { tools: { listChanged: true }, resources: { listChanged: true }, prompts: { listChanged: true } },
      instructions: 'Tools, resources and prompts of the MCP servers Switchboard keeps warm, named server__name.',
    },
  );
  // Listings warm the pool first: a client's first look starts the enabled servers.
  const listing = async <T>(list: () => T | Promise<T>): Promise<T> => (await deps.prepare(), list());
  server.setRequestHandler(ListToolsRequestSchema, async (req) => paged('tools', await listing(() => catalog.tools(req.params?.cursor))));
  server.setRequestHandler(CallToolRequestSchema, (req, extra) => {
    // A client that asked for progress hears the server's reports under its own token.
    const token = req.params._meta?.progressToken;
    const onProgress: ProgressListener | undefined =
      token === undefined
        ? undefined
        : (p) =>
            void extra
              .sendNotification({ method: 'notifications/progress', params: { ...p, progressToken: token } })
              .catch((err: unknown) => deps.log.debug(`gateway: progress to ${client}: ${errorMessage(err)}`));
    return callTool(deps, client, req.params.name, req.params.arguments ?? {}, { signal: extra.signal, onProgress });
  });
  server.setRequestHandler(ListResourcesRequestSchema, async (req, extra) => paged('resources', await listing(() => catalog.resources(req.params?.cursor, extra.signal))));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async (req, extra) =>
    paged('resourceTemplates', await listing(() => catalog.resourceTemplates(req.params?.cursor, extra.signal))),
  );
  server.setRequestHandler(ReadResourceRequestSchema, async (req, extra) => {
    const target = await catalog.resourceServer(req.params.uri, extra.signal);
    return pool.read(target, (c, options) => c.readResource({ uri: req.params.uri }, options), extra.signal);
  });
  server.setRequestHandler(ListPromptsRequestSchema, async (req, extra) => paged('prompts', await listing(() => catalog.promptList(req.params?.cursor, extra.signal))));
  server.setRequestHandler(GetPromptRequestSchema, async (req, extra) => {
    const target = await catalog.prompt(req.params.name, extra.signal);
    const args = req.params.arguments;
    return pool.read(target.server, (c, options) => c.getPrompt({ name: target.name, ...(args ? { arguments: args } : {}) }, options), extra.signal);
  });
  return server;
}

/** A catalog page as the list result `key` carries it. */
function paged<K extends string, T>(key: K, page: Page<T>): Record<K, T[]> & { nextCursor?: string } {
  return { [key]: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } as Record<K, T[]> & { nextCursor?: string };
}

/**
 * Unknown and ambiguous names are protocol errors; everything that happened to the call itself
 * (bad arguments, denied, timed out, the server's own error) is a tool result with isError, which
 * the client's model can read.
 */
async function callTool(deps: McpServerDeps, client: string, name: string, args: Record<string, unknown>, call: CallOptions): Promise<CallToolResult> {
  if (name === FIND_TOOLS) return foundTools(deps, args);
  if (name === CALL_TOOL) return callFoundTool(deps, client, args, call);
  return runTool(deps, client, await resolveTool(deps, name), args, call);
}

/** `switchboard_call_tool`: a wrong name or shape is the model's mistake, not the client's, so it is told in a tool result. */
async function callFoundTool(deps: McpServerDeps, client: string, args: Record<string, unknown>, call: CallOptions): Promise<CallToolResult> {
  let inner: ReturnType<typeof innerCall>;
  let entry: ToolEntry;
  try {
    inner = innerCall(args);
    entry = await resolveTool(deps, inner.name);
  } catch (err) {
    return errorResult(errorMessage(err));
  }
  return runTool(deps, client, entry, inner.arguments, call);
}

async function runTool(deps: McpServerDeps, client: string, entry: ToolEntry, args: Record<string, unknown>, call: CallOptions): Promise<CallToolResult> {
  try {
    return await asExecution(
      deps.usage,
      GATEWAY_EXECUTION_KIND,
      gatewayExecutionTitle(client, entry.qualifiedName),
      async (executionId) => (await deps.executor.call(entry.qualifiedName, args, { ...call, client, executionId })).raw,
      (raw) => raw.isError === true,
    );
  } catch (err) {
    if (err instanceof ToolCallError && err.kind === 'cancelled') throw err;
    deps.log.info(`gateway: ${client} called ${entry.qualifiedName}: ${errorMessage(err)}`);
    // The message itemises every schema problem already.
    return errorResult(errorMessage(err));
  }
}

interface CallOptions {
  signal: AbortSignal;
  onProgress: ProgressListener | undefined;
}

function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

async function foundTools(deps: McpServerDeps, args: Record<string, unknown>): Promise<CallToolResult> {
  await deps.prepare();
  try {
    const tools = findTools(deps, args);
    return { content: [{ type: 'text', text: JSON.stringify(tools) }], structuredContent: { tools } };
  } catch (err) {
    return errorResult(errorMessage(err));
  }
}

async function resolveTool(deps: McpServerDeps, name: string): Promise<ToolEntry> {
  // A client that calls before it lists (or after a restart of ours) gets the pool warmed first.
  if (!deps.registry.tryResolve(name)) await deps.prepare();
  try {
    return deps.registry.resolve(name);
  } catch (err) {
    throw new McpError(ErrorCode.InvalidParams, errorMessage(err));
  }
}
