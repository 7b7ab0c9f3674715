// Errors the pool and executor raise. Each says which server and tool, what happened, and
// whether the call may have reached the server (tool calls are never retried for the caller).

export type ToolCallFailure =
  | 'timeout'
  | 'cancelled'
  | 'connection-lost'
  | 'not-running'
  | 'not-found'
  | 'ambiguous'
  | 'invalid-arguments'
  /** The tool answered with structured content its own output schema does not allow. */
  | 'invalid-output'
  | 'denied'
  | 'disabled'
  | 'server-error';

export class ToolCallError extends Error {
  /** Itemised problems, e.g. one line per schema error for invalid arguments. */
  readonly details: string[];

  constructor(
    readonly kind: ToolCallFailure,
    message: string,
    readonly server?: string,
    readonly tool?: string,
    options?: { cause?: unknown; details?: string[] },
  ) {
    super(message, options);
    this.name = 'ToolCallError';
    this.details = options?.details ?? [];
  }
}

export class ServerStartError extends Error {
  constructor(
    readonly server: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`MCP server "${server}" could not start: ${message}`, options);
    this.name = 'ServerStartError';
  }
}
