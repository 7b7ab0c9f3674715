// A server's resources and prompts, as the explorer shows them: every page of each list, a
// resource's contents as text, a prompt's messages as one prompt for Run Prompt. Lists are read
// on demand (the explorer re-reads them on resources/list_changed and prompts/list_changed).
import type { GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/client';
import type { McpPool } from './pool';
import { collectPages } from './toolListing';

export interface ResourceItem {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

export interface PromptArgument {
  name: string;
  description?: string;
  required?: boolean;
}

export interface PromptItem {
  name: string;
  title?: string;
  description?: string;
  arguments: PromptArgument[];
}

export interface ContentCapabilities {
  resources: boolean;
  prompts: boolean;
}

type Pool = Pick<McpPool, 'read'>;

/** What the server offers besides tools (read from its initialize answer). */
export function contentCapabilities(pool: Pool, server: string): Promise<ContentCapabilities> {
  return pool.read(server, async (client) => {
    const caps = client.getServerCapabilities();
    return { resources: !!caps?.resources, prompts: !!caps?.prompts };
  });
}

export function listResources(pool: Pool, server: string, signal?: AbortSignal): Promise<ResourceItem[]> {
  return pool.read(
    server,
    (client, options) =>
      collectPages('resources', server, async (cursor) => {
        const page = await client.listResources(cursor ? { cursor } : {}, options);
        return { items: page.resources.map(({ uri, name, title, description, mimeType }) => ({ uri, name, title, description, mimeType })), nextCursor: page.nextCursor };
      }),
    signal,
  );
}

export function listPrompts(pool: Pool, server: string, signal?: AbortSignal): Promise<PromptItem[]> {
  return pool.read(
    server,
    (client, options) =>
      collectPages('prompts', server, async (cursor) => {
        const page = await client.listPrompts(cursor ? { cursor } : {}, options);
        return { items: page.prompts.map(({ name, title, description, arguments: args }) => ({ name, title, description, arguments: args ?? [] })), nextCursor: page.nextCursor };
      }),
    signal,
  );
}

/** A resource's contents as text; binary parts are named with their size, not decoded. */
export async function readResourceText(pool: Pool, server: string, uri: string): Promise<string> {
  const result: ReadResourceResult = await pool.read(server, (client, options) => client.readResource({ uri }, options));
  return result.contents
    .map((c) => ('text' in c && typeof c.text === 'string' ? c.text : `[binary ${c.mimeType ?? 'data'}, ${Math.round(((c as { blob?: string }).blob?.length ?? 0) * 0.75)} bytes: ${c.uri}]`))
    .join('\n');
}

/** The prompt's messages as one text for Run Prompt: user text as is, other roles and parts labelled. */
export async function promptText(pool: Pool, server: string, name: string, args: Record<string, string>): Promise<string> {
  const result: GetPromptResult = await pool.read(server, (client, options) => client.getPrompt({ name, arguments: args }, options));
  return result.messages
    .map((m) => {
      const c = m.content;
      const body = c.type === 'text' ? c.text : c.type === 'resource' && 'text' in c.resource ? String(c.resource.text) : `[${c.type}]`;
      return m.role === 'user' ? body : `(${m.role}) ${body}`;
    })
    .join('\n\n');
}
