// Lists all of a server's tools across pages. The SDK's listChanged auto-refresh reads only the
// first page, so the registry always goes through here.
import type { Client, RequestOptions, Tool } from '@modelcontextprotocol/client';

/** A bound on pages, so a server that keeps returning new cursors cannot loop us forever. */
const MAX_PAGES = 10_000;

/** Every item of a paginated MCP list (tools, resources, prompts), following nextCursor. */
export async function collectPages<T>(what: string, server: string, page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const result = await page(cursor);
    items.push(...result.items);
    if (!result.nextCursor || result.nextCursor === cursor) return items;
    cursor = result.nextCursor;
  }
  throw new Error(`MCP server "${server}" returned more than ${MAX_PAGES} pages of ${what}`);
}

export function listAllPages(client: Client, server: string, options: RequestOptions): Promise<Tool[]> {
  return collectPages('tools', server, async (cursor) => {
    const result = await client.listTools(cursor ? { cursor } : {}, options);
    return { items: result.tools, nextCursor: result.nextCursor };
  });
}
