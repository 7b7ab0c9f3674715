// Lists all of a server's tools across pages. The SDK's listChanged auto-refresh reads only the
// first page, so the registry always goes through here.
import type { Client, Tool } from '@modelcontextprotocol/client';

/** A bound on pages, so a server that keeps returning new cursors cannot loop us forever. */
const MAX_PAGES = 10_000;

export async function listAllPages(client: Client, server: string, options: { signal?: AbortSignal; timeout: number }): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await client.listTools(cursor ? { cursor } : {}, options);
    tools.push(...result.tools);
    if (!result.nextCursor || result.nextCursor === cursor) return tools;
    cursor = result.nextCursor;
  }
  throw new Error(`MCP server "${server}" returned more than ${MAX_PAGES} pages of tools`);
}
