// The Call Tool page's contract: the tool it shows, the call it asks for (numbered by the page, so
// progress and Cancel name their call), the call's progress, and Cancel.
import { fromHost, isNumber, isRecord, shape } from './guards';
import { notification, request } from './ipc';

export interface ToolForm {
  /** `server/tool`. */
  qualifiedName: string;
  server: string;
  name: string;
  /** Untrusted server text: the page shows it as text only. */
  description: string;
  inputSchema: Record<string, unknown>;
}

export type ResultPart =
  | { kind: 'text'; text: string }
  | { kind: 'json'; json: string }
  | { kind: 'image'; mediaType: string; data: string }
  | { kind: 'resource'; uri: string; text?: string }
  /** The result's `structuredContent`, pretty-printed: shown apart from (and labelled unlike) the content. */
  | { kind: 'structured'; json: string };

/** How a call ended, when it reached the tool or was refused by its schema; other failures are error responses. */
export type CallOutcome =
  | { kind: 'invalid'; errors: string[] }
  /** The tool answered, but its structured content breaks its output schema: the problems by field and what arrived. */
  | { kind: 'invalid-output'; errors: string[]; json: string }
  | { kind: 'result'; isError: boolean; durationMs: number; parts: ResultPart[] }
  /** The user pressed Cancel: the server was sent notifications/cancelled. */
  | { kind: 'cancelled' };

/** One progress report of a running call; `message` is untrusted server text, shown as text only. */
export interface CallProgress {
  callId: number;
  progress: number;
  total?: number;
  message?: string;
}

export interface CallToolUiState {
  raw?: boolean;
}

export const CallTool = {
  /** Host → page: the tool to show a form for (replayed if the page reloads). */
  tool: notification('callTool/tool', fromHost<ToolForm>(), { sticky: true }),
  /** Page → host: call the shown tool with these arguments (pressing Call is the user's approval). */
  call: request('callTool/call', shape({ callId: isNumber, args: isRecord }), fromHost<CallOutcome>()),
  /** Host → page: the server reported progress on a running call. */
  progress: notification('callTool/progress', fromHost<CallProgress>()),
  /** Page → host: stop this call. */
  cancel: notification('callTool/cancel', shape({ callId: isNumber })),
};
