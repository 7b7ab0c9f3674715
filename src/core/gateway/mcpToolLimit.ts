// What `/mcp` lists when more tools are enabled than a client's model may be given
// (`agent.maxTools`, 128 by default: OpenAI-style APIs refuse more, VS Code's chat hides them).
// A listing has no prompt to rank by, so the gateway offers the pinned tools, then the rest in
// registry order, and two tools of its own that keep every other tool reachable: one searches the
// whole set with the BM25 index (the model sees names, descriptions and schemas of the matches),
// one calls any enabled tool by name through the same executor path (validation, approval naming
// the client, recording). The two names have no `__`, so no server's tool can take them.
import type { Tool } from '@modelcontextprotocol/client';
import type { ToolEntry, ToolRegistry } from '../mcp/registry';
import type { ToolIndex } from '../tools/toolIndex';

export const FIND_TOOLS = 'switchboard_find_tools';
export const CALL_TOOL = 'switchboard_call_tool';
const DEFAULT_FOUND = 10;
const MAX_FOUND = 50;

export interface ToolLimitDeps {
  registry: ToolRegistry;
  index: ToolIndex;
  /** Read on each listing, so a settings change applies to the next one. */
  maxTools(): number;
}

export interface ToolListing {
  tools: Tool[];
  /** Enabled tools in all. */
  enabled: number;
  /** Enabled tools reachable only through the two gateway tools (0 when all fit). */
  leftOut: number;
}

const FIND_TOOL: Tool = {
  name: FIND_TOOLS,
  title: 'Find tools (Switchboard)',
  description:
    'Searches every MCP tool behind this Switchboard gateway, including the many not listed here, and returns the best ' +
    'matches with their names, descriptions and input schemas. Call a match with switchboard_call_tool.',
  inputSchema: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'What the tool should do, in a few words.' },
      limit: { type: 'integer', minimum: 1, maximum: MAX_FOUND, description: `How many matches (default ${DEFAULT_FOUND}).` },
    },
    required: ['query'],
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
};

const CALL_TOOL_DEF: Tool = {
  name: CALL_TOOL,
  title: 'Call a tool (Switchboard)',
  description: 'Calls an MCP tool found with switchboard_find_tools, by its name, with arguments matching its input schema.',
  inputSchema: {
    type: 'object',
    properties: {
      name: { type: 'string', description: 'The tool name switchboard_find_tools returned.' },
      arguments: { type: 'object', description: "The tool's arguments." },
    },
    required: ['name'],
  },
};

function asListedTool(e: ToolEntry): Tool {
  return { ...e.definition, name: e.functionName };
}

/** The tools `/mcp` lists: all enabled ones when they fit `maxTools`, else pins, registry order, and the two gateway tools. */
export function listedTools({ registry, maxTools }: ToolLimitDeps): ToolListing {
  const enabled = registry.enabledTools();
  const max = Math.max(1, Math.floor(maxTools()));
  if (enabled.length <= max) return { tools: enabled.map(asListedTool), enabled: enabled.length, leftOut: 0 };
  const room = Math.max(0, max - 2);
  const chosen: ToolEntry[] = [];
  const taken = new Set<ToolEntry>();
  const take = (e: ToolEntry) => {
    if (chosen.length < room && !taken.has(e)) {
      chosen.push(e);
      taken.add(e);
    }
  };
  for (const e of enabled) if (registry.preferences.isPinned(e.qualifiedName)) take(e);
  for (const e of enabled) take(e);
  return { tools: [...chosen.map(asListedTool), FIND_TOOL, CALL_TOOL_DEF], enabled: enabled.length, leftOut: enabled.length - chosen.length };
}

export interface FoundTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: unknown;
}

/** The enabled tools that best match `query`, as the model should see them. */
export function findTools({ registry, index }: ToolLimitDeps, args: Record<string, unknown>): FoundTool[] {
  const query = typeof args['query'] === 'string' ? args['query'] : '';
  if (!query.trim()) throw new TypeError(`${FIND_TOOLS} needs a non-empty "query"`);
  const wanted = typeof args['limit'] === 'number' && Number.isFinite(args['limit']) ? Math.floor(args['limit']) : DEFAULT_FOUND;
  const limit = Math.min(MAX_FOUND, Math.max(1, wanted));
  return index.search(query, limit, (e) => registry.isEnabled(e)).map(({ entry }) => ({
    name: entry.functionName,
    ...(entry.definition.title ? { title: entry.definition.title } : {}),
    ...(entry.description ? { description: entry.description } : {}),
    inputSchema: entry.inputSchema,
  }));
}

/** The tool name and arguments inside a `switchboard_call_tool` call. */
export function innerCall(args: Record<string, unknown>): { name: string; arguments: Record<string, unknown> } {
  const name = args['name'];
  const inner = args['arguments'] ?? {};
  if (typeof name !== 'string' || !name) throw new TypeError(`${CALL_TOOL} needs the "name" of a tool found with ${FIND_TOOLS}`);
  if (name === FIND_TOOLS || name === CALL_TOOL) throw new TypeError(`${CALL_TOOL} calls the servers' tools, not ${name}`);
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) throw new TypeError(`${CALL_TOOL}: "arguments" must be an object`);
  return { name, arguments: inner as Record<string, unknown> };
}
