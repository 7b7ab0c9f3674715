// "A UsageSink never throws" is guarded the same way at every producer: a sink that throws
// anyway costs the record, never the call, and the failure is logged.
import * as assert from 'node:assert/strict';
import { ResponseCache } from '../../../../src/core/cache/responseCache';
import type { Logger } from '../../../../src/core/log';
import type { UsageSink } from '../../../../src/core/usage/records';
import { RecordingProvider } from '../../../../src/core/usage/recordingProvider';
import { safeRecord } from '../../../../src/core/usage/safeRecord';
import { ask, collect, doneOf, ScriptedProvider } from '../cache/scriptedProvider';

const throwingSink: UsageSink = {
  recordCall: () => {
    throw new Error('ledger exploded');
  },
  recordToolCall: () => {
    throw new Error('ledger exploded');
  },
  recordExecution: () => {
    throw new Error('ledger exploded');
  },
};

function warnings(): Logger & { seen: string[] } {
  const seen: string[] = [];
  const none = () => undefined;
  return { seen, trace: none, debug: none, info: none, error: none, warn: (m: string) => void seen.push(m) } as Logger & { seen: string[] };
}

describe('safeRecord: a throwing usage sink never fails the call', () => {
  it('logs the failure and returns', () => {
    const log = warnings();
    safeRecord(throwingSink, 'recordExecution', { id: 'x', kind: 'agent', title: 't', startedAt: 0, status: 'running' }, log);
    assert.deepEqual(log.seen, ['usage sink failed (recordExecution): ledger exploded']);
  });

  it('the recording provider still answers chat and stream calls', async () => {
    const log = warnings();
    const provider = new RecordingProvider(new ScriptedProvider(), throwingSink, Date.now, log);
    assert.match((await provider.chat(ask('hi'))).text, /hi/);
    assert.match(doneOf(await collect(provider.stream(ask('again')))).text, /again/);
    assert.equal(log.seen.length, 2);
  });

  it('the response cache still serves a hit', async () => {
    const log = warnings();
    const cache = new ResponseCache({}, { usage: throwingSink, log });
    const upstream = new ScriptedProvider();
    const first = await cache.chat(upstream, ask('hi'));
    const hit = await cache.chat(upstream, ask('hi'));
    assert.equal(hit.text, first.text);
    assert.equal(upstream.calls, 1);
    assert.equal(log.seen.length, 1);
  });
});
