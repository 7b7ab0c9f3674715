// A real executor over an in-memory fixture server (FIXTURE_FEATURES tools on), with the tool
// calls it records and the approvals it asked for, for the annotation and structured-output tests.
import { silentLogger } from '../../../../src/core/log';
import type { McpPool } from '../../../../src/core/mcp/pool';
import { ToolRegistry } from '../../../../src/core/mcp/registry';
import { ToolIndexer } from '../../../../src/core/mcp/toolIndexer';
import { ToolExecutor } from '../../../../src/core/tools/executor';
import type { ApprovalPolicy } from '../../../../src/core/tools/toolHints';
import type { ToolCallRecord } from '../../../../src/core/usage/records';
import { fixtureEntry, memoryPool } from '../mcp/helpers';

export interface ExecutorRig {
  pool: McpPool;
  registry: ToolRegistry;
  executor: ToolExecutor;
  records: ToolCallRecord[];
  /** Tool names the approver was asked about, in order (it always allows). */
  asked: string[];
  policy: ApprovalPolicy;
  dispose(): Promise<void>;
}

/** Server `fx` with the feature tools (and any extra fixture `env`), started and indexed. */
export async function executorRig(env: Record<string, string> = {}): Promise<ExecutorRig> {
  const pool = memoryPool().pool;
  const registry = new ToolRegistry();
  const indexer = new ToolIndexer(pool, registry, silentLogger, 20);
  const rig: ExecutorRig = {
    pool,
    registry,
    records: [],
    asked: [],
    policy: { autoApproveReadOnly: false },
    executor: new ToolExecutor({
      registry,
      pool,
      usage: { recordCall: () => undefined, recordExecution: () => undefined, recordToolCall: (r) => void rig.records.push(r) },
      log: silentLogger,
      approve: async (r) => (rig.asked.push(r.entry.tool), true),
      policy: () => rig.policy,
    }),
    dispose: async () => {
      rig.executor.dispose();
      indexer.dispose();
      await pool.dispose();
    },
  };
  await pool.apply([fixtureEntry('fx', { FIXTURE_FEATURES: '1', ...env })]);
  await pool.start('fx');
  await indexer.idle();
  return rig;
}
