// Health checks for a server's sessions: ping the ones idle longer than the ping interval
// (a failed ping hands the session to the reconnect loop) and stop a stdio server nobody has
// used for `idleMinutes`.
import type { ServerEntry } from './configDiff';
import type { Connected } from './connection';
import type { ConnectTimer } from './connectTiming';
import type { PendingCall } from './pendingCall';
import type { PoolSettings, ServerStatus } from './poolTypes';

export interface Conn {
  connected: Connected;
  inflight: number;
  /** performance.now() of the last call's end (or the last ping). */
  lastUsed: number;
  /** Set when we close it on purpose (stop, failed ping, expired session): no reconnect loop. */
  retired?: string;
  /** The calls in flight, aborted with reason `closed` when retired. */
  calls: Set<PendingCall>;
  /** Times this connect until its first tools/list completes. */
  timer?: ConnectTimer;
}

export interface HealthTarget {
  live(): Conn[];
  stopIdle(): void;
  pingFailed(conn: Conn, err: unknown): void;
}

/** What a status shows about the live sessions: the first one's transport, pid and protocol, and the counts. */
export function liveStatus(conns: readonly Conn[]): Pick<ServerStatus, 'transport' | 'pid' | 'sessions' | 'inflight' | 'protocol'> {
  const live = conns.filter((c) => !c.retired);
  const first = live[0]?.connected;
  return {
    transport: first?.kind,
    pid: first?.pid,
    sessions: live.length,
    inflight: live.reduce((n, c) => n + c.inflight, 0),
    protocol: first && { era: first.negotiated.era, version: first.negotiated.version },
  };
}

/** The least busy live session, and how many are live. */
export function leastBusy(conns: readonly Conn[]): { best: Conn | undefined; live: number } {
  let best: Conn | undefined;
  let live = 0;
  for (const c of conns) {
    if (c.retired) continue;
    live++;
    if (!best || c.inflight < best.inflight) best = c;
  }
  return { best, live };
}

/** How long a stdio server may sit idle before it is stopped (0: never; HTTP servers are never stopped). */
export function idleLimitMs(entry: ServerEntry, settings: PoolSettings): number {
  const idleMinutes = entry.server.idleMinutes ?? settings.idleMinutes;
  return entry.server.type === 'stdio' && idleMinutes > 0 ? idleMinutes * 60_000 : 0;
}

/** Starts the check timer (unref'd), or returns undefined when neither check is enabled. */
export function startHealthTimer(settings: PoolSettings, idleMs: number, target: HealthTarget): NodeJS.Timeout | undefined {
  const period = Math.min(...[settings.pingIntervalMs, idleMs / 4].filter((n) => n > 0));
  if (!Number.isFinite(period)) return undefined;
  const timer = setInterval(() => checkHealth(settings, idleMs, target), period);
  timer.unref();
  return timer;
}

function checkHealth(settings: PoolSettings, idleMs: number, target: HealthTarget): void {
  const now = performance.now();
  const live = target.live();
  if (idleMs > 0 && live.length > 0 && live.every((c) => c.inflight === 0 && now - c.lastUsed >= idleMs)) {
    target.stopIdle();
    return;
  }
  if (settings.pingIntervalMs <= 0) return;
  for (const c of live) {
    if (c.inflight > 0 || now - c.lastUsed < settings.pingIntervalMs) continue;
    c.lastUsed = now;
    alive(c.connected, settings.pingTimeoutMs).catch((err: unknown) => target.pingFailed(c, err));
  }
}

/** The stateless era has no `ping`; there `server/discover` is the cheapest request every server answers. */
function alive(connected: Connected, timeout: number): Promise<unknown> {
  return connected.negotiated.era === 'modern' ? connected.client.discover({ timeout }) : connected.client.ping({ timeout });
}
