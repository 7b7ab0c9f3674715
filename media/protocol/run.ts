// The Run panel's contract: one agent run as the page shows it (the host maps the agent's
// events into these), and the page's one message back, Cancel.
import { fromHost, isNothing } from './guards';
import { notification } from './ipc';

export type RunStopReason = 'done' | 'max-steps' | 'max-cost' | 'cancelled' | 'error';

export interface RunStart {
  title: string;
  provider: string;
  model: string;
  maxCostUsd?: number;
}

export type RunEvent =
  | { type: 'run-start'; executionId: string }
  /** The tools offered for the run; `leftOut` (qualified names) when more were enabled than `agent.maxTools`. */
  | { type: 'tools-offered'; offered: number; tokens?: number; leftOut: string[]; savedTokens: number }
  | { type: 'step-start'; step: number }
  | { type: 'text-delta'; text: string }
  | { type: 'tool-call-start'; callId: string; name: string; arguments: Record<string, unknown> }
  /** `message`: untrusted server text, shown as text only. */
  | { type: 'tool-call-progress'; callId: string; progress: number; total?: number; message?: string }
  /** `resultText`: the tool's answer as text (images named, not shown); `structuredJson`: its structured content, pretty-printed. */
  | { type: 'tool-call-end'; callId: string; isError: boolean; resultText: string; structuredJson?: string; durationMs: number }
  /** `savedUsd` (cached steps only): what the answer cost when first made; null if unpriced. */
  | { type: 'step-end'; tokens: number; costUsd: number | null; cached: boolean; savedUsd?: number | null; runCostUsd: number }
  | { type: 'run-end'; reason: RunStopReason; error?: string; runCostUsd: number; steps: number };

export const Run = {
  /** Host → page: what runs (replayed if the page reloads). */
  start: notification('run/start', fromHost<RunStart>(), { sticky: true }),
  /** Host → page: the run's progress, in order. */
  event: notification('run/event', fromHost<RunEvent>()),
  /** Page → host: the user pressed Cancel. */
  cancel: notification('run/cancel', isNothing),
};
