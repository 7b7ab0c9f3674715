// LLM-safe function names for tools (`^[a-zA-Z0-9_-]{1,64}$`, what model APIs accept).
// A name depends only on (server, tool), so it is stable across restarts and re-listings.
// Clean pairs read as `server__tool`; anything lossy (other characters, too long) gets a
// hash suffix so distinct pairs never meet. The registry maps names back (reversible).
import { createHash } from 'node:crypto';

export const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const SEPARATOR = '__';
const CLEAN_SERVER = /^[a-zA-Z0-9-]+$/;
const CLEAN_TOOL = /^[a-zA-Z0-9_-]+$/;

function hash(server: string, tool: string, chars: number): string {
  return createHash('sha256').update(server).update('\0').update(tool).digest('hex').slice(0, chars);
}

/**
 * `extraHash` > 0 lengthens the suffix; the registry asks for it only in the astronomically
 * unlikely case that two pairs still collide.
 */
export function functionNameFor(server: string, tool: string, extraHash = 0): string {
  const plain = server + SEPARATOR + tool;
  // A clean server has no `_`, so the first `__` always splits a clean name unambiguously.
  if (extraHash === 0 && CLEAN_SERVER.test(server) && CLEAN_TOOL.test(tool) && plain.length <= 64) return plain;
  const suffix = '_' + hash(server, tool, 8 + extraHash);
  const safe = (server.replace(/[^a-zA-Z0-9-]/g, '-') + SEPARATOR + tool.replace(/[^a-zA-Z0-9_-]/g, '_')).slice(0, 64 - suffix.length);
  return safe + suffix;
}
