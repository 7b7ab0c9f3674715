// What a server says about a tool beyond its schema: a display title, icons and annotations
// (readOnlyHint, destructiveHint). Annotations are hints from a server we do not trust, so they
// may only ever add a confirmation, never remove one on their own: read-only tools skip the
// prompt only when the user turned that on, and a tool marked destructive always asks.
import type { Tool } from '@modelcontextprotocol/client';
import type { ApprovalMode } from '../mcp/toolPreferences';

export interface ToolHints {
  /** The server's display title, if it gave one (tool `title`, else `annotations.title`). */
  title?: string;
  /** readOnlyHint without destructiveHint: contradictory hints count as destructive. */
  readOnly: boolean;
  destructive: boolean;
  /** Inline (data:) images only: a server-chosen URL is never fetched. By theme when the server says. */
  icon?: { light: string; dark: string };
}

/** Inline images up to this length; larger ones are ignored (a tree icon is 16 px). */
const MAX_ICON_CHARS = 64 * 1024;
const INLINE_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|svg\+xml)[;,]/;

function pickIcon(icons: Tool['icons']): ToolHints['icon'] {
  const usable = (icons ?? []).filter((i) => typeof i.src === 'string' && i.src.length <= MAX_ICON_CHARS && INLINE_IMAGE.test(i.src));
  if (usable.length === 0) return undefined;
  const light = usable.find((i) => i.theme === 'light') ?? usable.find((i) => !i.theme) ?? usable[0]!;
  const dark = usable.find((i) => i.theme === 'dark') ?? usable.find((i) => !i.theme) ?? usable[0]!;
  return { light: light.src, dark: dark.src };
}

export function toolHints(def: Tool): ToolHints {
  const a = def.annotations;
  const destructive = a?.destructiveHint === true;
  const title = (def.title ?? a?.title)?.trim();
  return { ...(title ? { title } : {}), readOnly: a?.readOnlyHint === true && !destructive, destructive, icon: pickIcon(def.icons) };
}

export interface ApprovalPolicy {
  /** `switchboard.tools.autoApproveReadOnly`: read-only tools run without asking. Off by default. */
  autoApproveReadOnly: boolean;
}

/**
 * Whether running `def` must ask the user first. A destructive hint asks even when the user set
 * the tool to auto (the server itself says the tool may destroy data); a read-only hint skips
 * the prompt only under the user's setting.
 */
export function needsApproval(def: Tool, mode: ApprovalMode, policy: ApprovalPolicy): boolean {
  const hints = toolHints(def);
  if (hints.destructive) return true;
  if (mode === 'auto') return false;
  return !(policy.autoApproveReadOnly && hints.readOnly);
}
