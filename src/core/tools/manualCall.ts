// A tool called by hand (the Call Tool form) is an execution of its own, kind `manual`, so the
// usage dashboard lists it under Executions like an agent run and drills down to its tool call.
import { newId } from '../ids';
import { ToolCallError } from '../mcp/errors';
import type { ExecutionStatus, UsageSink } from '../usage/records';
import { safeRecord } from '../usage/safeRecord';
import type { ToolExecutor } from './executor';
import type { ToolResult } from './normalizeResult';

export const MANUAL_EXECUTION_KIND = 'manual';

/** Runs `qualifiedName` as the user asked (pressing Call is the approval) under a new execution. */
export async function callToolByHand(
  executor: Pick<ToolExecutor, 'execute'>,
  usage: UsageSink,
  qualifiedName: string,
  args: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<ToolResult> {
  const id = newId();
  const startedAt = Date.now();
  const title = `Call Tool: ${qualifiedName}`;
  const record = (status: ExecutionStatus, endedAt?: number) => {
    safeRecord(usage, 'recordExecution', { id, kind: MANUAL_EXECUTION_KIND, title, startedAt, status, ...(endedAt !== undefined ? { endedAt } : {}) });
  };
  record('running');
  try {
    const result = await executor.execute(qualifiedName, args, { approvedByUser: true, executionId: id, signal });
    record(result.isError ? 'error' : 'ok', Date.now());
    return result;
  } catch (err) {
    record(err instanceof ToolCallError && err.kind === 'cancelled' ? 'cancelled' : 'error', Date.now());
    throw err;
  }
}
