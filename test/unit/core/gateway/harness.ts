// A gateway over real parts: loopback fixture vendors (OpenAI and Anthropic), the real SDK
// providers, response cache, recorder and ledger on temp files, and client keys in a memory slot.
import { ClientKeyStore } from '../../../../src/core/gateway/clientKeys';
import type { CallAttribution, GatewayProviders } from '../../../../src/core/gateway/providers';
import type { GatewayServer } from '../../../../src/core/gateway/server';
import { startGateway } from '../../../../src/core/gateway/startGateway';
import type { GatewayLimits, SecretSlot } from '../../../../src/core/gateway/types';
import { ResponseCache } from '../../../../src/core/cache/responseCache';
import { CachingProvider } from '../../../../src/core/cache/cachingProvider';
import { createProviderFactory } from '../../../../src/core/llm/factory';
import type { LlmProvider, ProviderConfig } from '../../../../src/core/llm/provider';
import { silentLogger } from '../../../../src/core/log';
import { RecordingProvider } from '../../../../src/core/usage/recordingProvider';
import type { CallRecord, UsageSink } from '../../../../src/core/usage/records';
import type { CallRow } from '../../../../src/core/usage/protocol';
import { BudgetedProvider } from '../../../../src/core/usage/budgetedProvider';
import { budgetRefusal, budgetUse } from '../../../../src/core/usage/budget';
import type { UsageLedger } from '../../../../src/core/usage/ledger';
import { LlmServer } from '../../../fixtures/llmServer';
import { openLedger, removeDir, tempDir } from '../usage/helpers';

export function memorySlot(): SecretSlot {
  let value: string | undefined;
  return { read: async () => value, write: async (v) => void (value = v) };
}

/** Stamps each record with its source and client (what the host's provider port does). */
function attributed(sink: UsageSink, a: CallAttribution): UsageSink {
  return {
    recordCall: (r: CallRecord) => sink.recordCall({ ...r, source: a.source, client: a.client }),
    recordToolCall: (r) => sink.recordToolCall(r),
    recordExecution: (r) => sink.recordExecution(r),
  };
}

export interface Harness {
  gateway: GatewayServer;
  openai: LlmServer;
  anthropic: LlmServer;
  ledger: UsageLedger;
  keys: ClientKeyStore;
  /** Set to refuse every call as over the daily budget. */
  overBudget: { value: boolean };
  rows(): Promise<CallRow[]>;
  close(): Promise<void>;
}

export async function startHarness(limits: GatewayLimits = {}): Promise<Harness> {
  const [openai, anthropic] = await Promise.all([LlmServer.start(), LlmServer.start()]);
  const dir = tempDir();
  const ledger = openLedger(dir);
  const cache = new ResponseCache({}, { usage: ledger });
  const factory = createProviderFactory();
  const deps = { keys: { getApiKey: async () => 'upstream-secret' } };
  const configs: ProviderConfig[] = [
    { id: 'oa', kind: 'openai', baseUrl: `${openai.url}/v1`, maxRetries: 0, defaultModel: 'gpt-test' },
    { id: 'an', kind: 'anthropic', baseUrl: anthropic.url, maxRetries: 0, defaultModel: 'claude-test' },
  ];
  const base = new Map(configs.map((c) => [c.id, factory.create(c, deps)]));
  const overBudget = { value: false };
  const port: GatewayProviders = {
    providers: () => configs,
    llm(id, attribution): LlmProvider {
      const recorded = new RecordingProvider(base.get(id)!, attributed(ledger, attribution));
      // The real budget gate, spending $1.20 of a $1.00 daily budget once `overBudget` is set.
      const spent = () => ({ todayUsd: overBudget.value ? 1.2 : 0, monthUsd: 0, workspaceMonthUsd: 0 });
      return new CachingProvider(new BudgetedProvider(recorded, async () => budgetRefusal('block', budgetUse({ daily: 1 }, spent()))), cache);
    },
  };
  const keys = new ClientKeyStore(memorySlot());
  const gateway = await startGateway({ port: 0, keys, providers: port, log: silentLogger, limits });
  return {
    gateway,
    openai,
    anthropic,
    ledger,
    keys,
    overBudget,
    async rows() {
      await ledger.checkpoint();
      return (await ledger.query({ q: 'outbox', kind: 'calls', limit: 1e9 })) as CallRow[];
    },
    async close() {
      await gateway.stop();
      for (const p of base.values()) p.dispose?.();
      await Promise.all([openai.close(), anthropic.close(), ledger.close()]);
      removeDir(dir);
    },
  };
}
