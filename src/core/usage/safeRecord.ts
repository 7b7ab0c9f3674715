// The one guard around every UsageSink call. A sink must return quickly and never throw; if
// one does anyway, the call that produced the record still succeeds and the failure is logged.
import { errorMessage } from '../errorMessage';
import type { Logger } from '../log';
import type { UsageSink } from './records';

type RecordOf<K extends keyof UsageSink> = Parameters<UsageSink[K]>[0];

export function safeRecord<K extends keyof UsageSink>(sink: UsageSink | undefined, kind: K, record: RecordOf<K>, log?: Logger): void {
  if (!sink) return;
  try {
    (sink[kind] as (r: RecordOf<K>) => void).call(sink, record);
  } catch (err) {
    log?.warn(`usage sink failed (${kind}): ${errorMessage(err)}`);
  }
}
