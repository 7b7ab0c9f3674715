// A tool called by hand (the Call Tool form) is an execution of its own, kind `manual`, so the
// usage dashboard lists it under Executions like an agent run and drills down to its tool call.
// Gateway clients' calls are executions the same way (kind `gateway`, titled with the client).
import { newId } from '../ids';
import { ToolCallError } from '../mcp/errors';
import type { ExecutionStatus, UsageSink } from '../usage/records';
import { safeRecord } from '../usage/safeRecord';
import type { ExecuteOptions, ToolExecutor } from './executor';
import type { ToolResult } from './normalizeResult';

export const MANUAL_EXECUTION_KIND = 'manual';

/** Runs `run` under a new execution recorded as running, then as ok, error or cancelled. */
export async function asExecution<T>(
  usage: UsageSink,
  kind: string,
  title: string,
  run: (executionId: string) => Promise<T>,
  isError: (value: T) => boolean,
): Promise<T> {
  const id = newId();
  const startedAt = Date.now();
  const record = (status: ExecutionStatus, endedAt?: number) => {
    safeRecord(usage, 'recordExecution', { id, kind, title, startedAt, status, ...(endedAt !== undefined ? { endedAt } : {}) });
  };
  record('running');
  try {
    const value = await run(id);
    record(isError(value) ? 'error' : 'ok', Date.now());
    return value;
  } catch (err) {
    record(err instanceof ToolCallError && err.kind === 'cancelled' ? 'cancelled' : 'error', Date.now());
    throw err;
  }
}

/** Runs `qualifiedName` as the user asked (pressing Call is the approval) under a new execution. */
export function callToolByHand(
  executor: Pick<ToolExecutor, 'execute'>,
  usage: UsageSink,
  qualifiedName: string,
  args: Record<string, unknown>,
  opts: Pick<ExecuteOptions, 'signal' | 'onProgress'> = {},
): Promise<ToolResult> {
  return asExecution(
    usage,
    MANUAL_EXECUTION_KIND,
    `Call Tool: ${qualifiedName}`,
    (executionId) => executor.execute(qualifiedName, args, { ...opts, approvedByUser: true, executionId }),
    (result) => result.isError,
  );
}
