// Runs a tool call end to end: resolve (O(1)) → validate arguments (ajv) → approval (host
// callback; per tool ask|auto, default ask, with the annotation rules of toolHints.ts) → call through the pool → normalized result, with
// timing and outcome reported to the usage ledger. Calls are never retried here.
import type { CallToolResult } from '@modelcontextprotocol/client';
import { errorMessage } from '../errorMessage';
import { newId } from '../ids';
import type { Disposable } from '../lifecycle';
import type { Logger } from '../log';
import { ToolCallError } from '../mcp/errors';
import type { ProgressListener } from '../mcp/pendingCall';
import type { McpPool } from '../mcp/pool';
import type { ToolEntry, ToolRegistry } from '../mcp/registry';
import type { ToolCallStatus, UsageSink } from '../usage/records';
import { safeRecord } from '../usage/safeRecord';
import { ArgumentValidator } from './argumentValidator';
import { OutputSchemaError } from './outputSchemaError';
import { normalizeResult, resultBytes } from './normalizeResult';
import { type ApprovalPolicy, needsApproval } from './toolHints';
import type { ToolResult } from './normalizeResult';

export interface ApprovalRequest {
  entry: ToolEntry;
  arguments: Record<string, unknown>;
  /** The gateway client asking (its key's name); absent for Switchboard's own calls. */
  client?: string;
}

/** Asked for tools whose mode is `ask`; resolves true to run the call. */
export type Approver = (request: ApprovalRequest, signal?: AbortSignal) => Promise<boolean>;

export interface ExecuteOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** The user asked for this very call (Call Tool by hand): no approval prompt. */
  approvedByUser?: boolean;
  /** The agent run or prompt this call belongs to, for the ledger. */
  executionId?: string;
  /** The gateway client making the call, named in the approval prompt. */
  client?: string;
  /** The server's progress reports for this call (untrusted `message`). */
  onProgress?: ProgressListener;
}

export interface ExecutorDeps {
  registry: ToolRegistry;
  pool: Pick<McpPool, 'callTool'>;
  usage: UsageSink;
  approve: Approver;
  log: Logger;
  /** Read on each call (a settings change applies at once); absent = nothing approved by annotation. */
  policy?: () => ApprovalPolicy;
}

const NO_POLICY: ApprovalPolicy = { autoApproveReadOnly: false };

export class ToolExecutor {
  private readonly validator: ArgumentValidator;
  private readonly registrySubscription: Disposable;

  constructor(private readonly deps: ExecutorDeps) {
    this.validator = new ArgumentValidator(deps.log);
    this.registrySubscription = deps.registry.onDidChange.event((change) => this.validator.forget(change.removed));
  }

  /** `name` is `server/tool`, a function name, or an unambiguous bare tool name. */
  async execute(name: string, args: Record<string, unknown> = {}, opts: ExecuteOptions = {}): Promise<ToolResult> {
    return (await this.call(name, args, opts)).result;
  }

  /** Like execute, also giving the server's own result (what the gateway relays unchanged). */
  async call(name: string, args: Record<string, unknown> = {}, opts: ExecuteOptions = {}): Promise<{ result: ToolResult; raw: CallToolResult }> {
    const { registry, pool } = this.deps;
    const entry = registry.resolve(name);
    let startedAt = Date.now();
    let t0 = performance.now();
    const requestBytes = Buffer.byteLength(JSON.stringify(args));
    const record = (status: ToolCallStatus, responseBytes: number, error?: string) =>
      this.record({ entry, startedAt, durationMs: performance.now() - t0, status, requestBytes, responseBytes, error, executionId: opts.executionId });
    try {
      if (!registry.isEnabled(entry)) {
        throw new ToolCallError('disabled', `${entry.qualifiedName} is disabled`, entry.server, entry.tool);
      }
      this.validator.validate(entry, args);
      const policy = this.deps.policy?.() ?? NO_POLICY;
      if (!opts.approvedByUser && needsApproval(entry.definition, registry.preferences.approvalMode(entry.qualifiedName), policy)) {
        const approved = await this.deps.approve({ entry, arguments: args, ...(opts.client !== undefined ? { client: opts.client } : {}) }, opts.signal);
        if (!approved) throw new ToolCallError('denied', `running ${entry.qualifiedName} was not approved`, entry.server, entry.tool);
        // The call's time is the tool's, not how long the user took to answer.
        startedAt = Date.now();
        t0 = performance.now();
      }
      const raw = await pool.callTool(entry.server, entry.tool, args, { signal: opts.signal, timeoutMs: opts.timeoutMs, onProgress: opts.onProgress });
      const result = normalizeResult(entry.server, entry.tool, raw, performance.now() - t0);
      const problems = this.validator.outputProblems(entry, raw.structuredContent, result.isError);
      if (problems.length > 0) {
        record('error', resultBytes(raw), `invalid structured content: ${problems.join('; ')}`.slice(0, 500));
        throw new OutputSchemaError(entry, problems, raw.structuredContent);
      }
      record(result.isError ? 'error' : 'ok', resultBytes(raw), result.isError ? result.text.slice(0, 500) : undefined);
      return { result, raw };
    } catch (err) {
      if (err instanceof OutputSchemaError) throw err;
      const kind = err instanceof ToolCallError ? err.kind : undefined;
      const status: ToolCallStatus = kind === 'timeout' ? 'timeout' : kind === 'cancelled' ? 'cancelled' : kind === 'denied' ? 'denied' : 'error';
      record(status, 0, errorMessage(err));
      throw err;
    }
  }

  dispose(): void {
    this.registrySubscription.dispose();
  }

  private record(r: {
    entry: ToolEntry;
    startedAt: number;
    durationMs: number;
    status: ToolCallStatus;
    requestBytes: number;
    responseBytes: number;
    error?: string;
    executionId?: string;
  }): void {
    const record = {
      id: newId(r.startedAt),
      executionId: r.executionId,
      server: r.entry.server,
      tool: r.entry.tool,
      startedAt: r.startedAt,
      durationMs: r.durationMs,
      status: r.status,
      error: r.error,
      requestBytes: r.requestBytes,
      responseBytes: r.responseBytes,
    };
    safeRecord(this.deps.usage, 'recordToolCall', record, this.deps.log);
  }
}
