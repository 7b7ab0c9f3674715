// The response cache in front of any LlmProvider: identical requests are answered from memory,
// concurrent identical requests share one upstream call, and every answer served without an
// upstream call is reported to the usage ledger with the dollars it saved.
import { errorMessage } from '../errorMessage';
import { newId } from '../ids';
import { Emitter } from '../lifecycle';
import type { Event } from '../lifecycle';
import { contextFields } from '../llm/callContext';
import type { LlmProvider } from '../llm/provider';
import type { ChatRequest, ChatResponse, StreamEvent } from '../llm/types';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { callCost } from '../usage/pricedModel';
import type { CallRecord, CostCalculator, UsageSink } from '../usage/records';
import { safeRecord } from '../usage/safeRecord';
import { entryEvents, entryResponse, isStorable, makeEntry } from './cacheEntry';
import type { CacheEntry } from './cacheEntry';
import { cacheKey } from './cacheKey';
import type { CacheOptions } from './cacheOptions';
import { normalizeOptions, storeLimits } from './cacheOptions';
import type { CacheStats, LookupCounters } from './cacheStats';
import { emptyLookupCounters, hitRate } from './cacheStats';
import type { Clock } from './entryStore';
import { EntryStore } from './entryStore';
import { cancelledError, Flight } from './flight';
import type { FlightOutcome, FlightRun } from './flight';

export interface ResponseCacheDeps {
  /** Prices the original call so each hit can be credited with what it saved. */
  costs?: CostCalculator;
  /** Receives one call record per answer served without an upstream call. */
  usage?: UsageSink;
  log?: Logger;
  /** The clock TTLs are measured on; defaults to `performance`. */
  clock?: Clock;
}

interface InFlight {
  readonly flight: Flight;
  /** Set when the flight completes, before any caller sees the answer. */
  costUsd?: number | null;
}

type Provider = Pick<LlmProvider, 'config' | 'chat' | 'stream'>;

export class ResponseCache {
  private options: CacheOptions;
  private readonly store: EntryStore;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly counters: LookupCounters = emptyLookupCounters();
  private readonly log: Logger;
  private readonly statsChanged = new Emitter<void>();
  /** Fires after anything that moves the stats. */
  readonly onDidChange: Event<void> = this.statsChanged.event;

  constructor(
    options: Partial<CacheOptions> = {},
    private readonly deps: ResponseCacheDeps = {},
  ) {
    this.options = normalizeOptions(options);
    this.store = new EntryStore(storeLimits(this.options), deps.clock);
    this.log = deps.log ?? silentLogger;
  }

  /** Applies new settings live: limits shrink or grow in place; disabling drops every entry. */
  configure(options: Partial<CacheOptions>): void {
    this.options = normalizeOptions({ ...this.options, ...options });
    this.store.reconfigure(storeLimits(this.options));
    if (!this.options.enabled) this.store.clear();
    this.changed();
  }

  clear(): void {
    this.store.clear();
    this.changed();
  }

  stats(): CacheStats {
    const { entries, bytes } = this.store.size();
    const limits = storeLimits(this.options);
    return {
      enabled: this.options.enabled,
      ...this.counters,
      ...this.store.counters,
      entries,
      bytes,
      hitRate: hitRate(this.counters),
      limits: { maxEntries: limits.max, maxBytes: limits.maxSize, ttlSeconds: this.options.ttlSeconds },
    };
  }

  async chat(provider: Provider, request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const startedAt = Date.now();
    const key = this.keyFor(provider, request);
    if (key === undefined) return provider.chat(request, signal);
    const { entry, joined } = this.lookup(key, request);
    if (entry) {
      const response = servedFromMemory(entryResponse(entry));
      this.credit(provider, request, entry.costUsd, response, startedAt, 'hits');
      return response;
    }
    if (joined) {
      const response = servedFromMemory(await joined.flight.response(signal, true));
      this.credit(provider, request, joined.costUsd ?? null, response, startedAt, 'shared');
      return response;
    }
    return this.launch(key, provider, request, signal, { chat: (upstream) => provider.chat(request, upstream) }).response(signal, false);
  }

  /**
   * Streams the answer; a cached or in-flight answer is replayed as the same event shapes. The
   * lookup happens when iteration starts, as a generator's body would run. A miss returns the
   * flight's own iterator rather than delegating to it from a generator, which would cost a
   * few more promises per event.
   */
  stream(provider: Provider, request: ChatRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
    return { [Symbol.asyncIterator]: () => this.open(provider, request, signal) };
  }

  private open(provider: Provider, request: ChatRequest, signal: AbortSignal | undefined): AsyncIterator<StreamEvent> {
    const startedAt = Date.now();
    try {
      const key = this.keyFor(provider, request);
      if (key === undefined) return provider.stream(request, signal)[Symbol.asyncIterator]();
      const { entry, joined } = this.lookup(key, request);
      if (entry) return this.replayEntry(provider, request, entry, startedAt);
      if (joined) return this.replayJoined(provider, request, joined, signal, startedAt);
      return this.launch(key, provider, request, signal, { stream: (upstream) => provider.stream(request, upstream) }).replay(signal, false);
    } catch (error) {
      // As from a generator: the error comes from the first `next`.
      return { next: () => Promise.reject(error) };
    }
  }

  private async *replayEntry(provider: Provider, request: ChatRequest, entry: CacheEntry, startedAt: number): AsyncGenerator<StreamEvent> {
    const events = entryEvents(entry);
    const done = events[events.length - 1] as Extract<StreamEvent, { type: 'done' }>;
    this.credit(provider, request, entry.costUsd, servedFromMemory(done.response), startedAt, 'hits');
    yield* events;
  }

  /**
   * Joins the flight now (so it is not abandoned before this caller's first read) and credits
   * the shared answer when its `done` event is read.
   */
  private replayJoined(provider: Provider, request: ChatRequest, joined: InFlight, signal: AbortSignal | undefined, startedAt: number): AsyncIterator<StreamEvent> {
    // Events are this caller's copies (replay with copy = true), so marking the answer is safe.
    const reader = joined.flight.replay(signal, true);
    return {
      next: async () => {
        const step = await reader.next();
        if (!step.done && step.value.type === 'done') {
          this.credit(provider, request, joined.costUsd ?? null, servedFromMemory(step.value.response), startedAt, 'shared');
        }
        return step;
      },
      return: () => reader.return(),
    };
  }

  /** The key, or undefined when this request must go straight upstream (disabled or `no-store`). */
  private keyFor(provider: Provider, request: ChatRequest): string | undefined {
    const policy = request.metadata?.cachePolicy;
    const passThrough = !this.options.enabled || policy === 'no-store';
    if (passThrough || policy === 'bypass') {
      this.counters.bypassed++;
      this.changed();
    }
    return passThrough ? undefined : cacheKey(provider.config, request);
  }

  /** A stored answer, else a call in flight to join, else neither (counted as a miss unless `bypass`). */
  private lookup(key: string, request: ChatRequest): { entry?: CacheEntry; joined?: InFlight } {
    if (request.metadata?.cachePolicy === 'bypass') return {};
    const entry = this.store.get(key);
    if (entry) return { entry };
    const joined = this.inFlight.get(key);
    if (joined) return { joined };
    this.counters.misses++;
    this.changed();
    return {};
  }

  /**
   * Starts the one upstream call for `key`. A later launch for the same key (a `bypass`)
   * supersedes this one: only the newest flight's answer is stored.
   */
  private launch(key: string, provider: Provider, request: ChatRequest, signal: AbortSignal | undefined, run: FlightRun): Flight {
    // A caller that has already given up must not start an upstream call nobody waits for.
    if (signal?.aborted) throw cancelledError(provider.config.id, signal);
    // The record exists before its flight: a provider that fails at once settles the flight inside its constructor.
    const record = {} as { flight: Flight; costUsd?: number | null };
    record.flight = new Flight(provider.config.id, run, (outcome) => {
      const current = this.inFlight.get(key) === record;
      if (current) this.inFlight.delete(key);
      if (outcome.kind !== 'complete') return;
      record.costUsd = this.price(provider, request, outcome.response);
      if (current) this.storeAnswer(key, outcome, record.costUsd);
    });
    if (!record.flight.settled) this.inFlight.set(key, record);
    return record.flight;
  }

  /** Stores a complete answer if it may be kept (see `isStorable`). */
  private storeAnswer(key: string, outcome: Extract<FlightOutcome, { kind: 'complete' }>, costUsd: number | null): void {
    if (!this.options.enabled || !isStorable(outcome.response)) return;
    try {
      this.store.set(key, makeEntry(outcome.response, costUsd, outcome.events));
      this.changed();
    } catch (error) {
      // An answer that cannot be serialised is served but not kept; its callers are unaffected.
      this.log.warn(`Response cache: answer not stored: ${errorMessage(error)}`);
    }
  }

  /** The original call's cost; `null` when unpriced. Pricing trouble never fails the call. */
  private price(provider: Provider, request: ChatRequest, response: ChatResponse): number | null {
    const costs = this.deps.costs;
    if (!costs) return null;
    const { kind } = provider.config;
    try {
      return callCost(costs, kind, { model: request.model, responseModel: response.responseModel }, response.usage);
    } catch (error) {
      this.log.warn(`Response cache: could not price ${kind}/${request.model}: ${errorMessage(error)}`);
      return null;
    }
  }

  /**
   * Counts an answer served without an upstream call and reports it to the ledger. The ledger
   * prices records with `cacheHit = true` at 0 (nothing was billed); `savedUsd` carries the
   * original call's cost, and `usage` its tokens, so saved tokens can be shown too.
   */
  private credit(provider: Provider, request: ChatRequest, costUsd: number | null, response: ChatResponse, startedAt: number, kind: 'hits' | 'shared'): void {
    this.counters[kind]++;
    if (costUsd === null) this.counters.unpricedHits++;
    else this.counters.savedUsd += costUsd;
    const record: CallRecord = {
      id: newId(),
      ...(request.metadata?.executionId !== undefined ? { executionId: request.metadata.executionId } : {}),
      provider: provider.config.id,
      providerKind: provider.config.kind,
      model: request.model,
      responseModel: response.responseModel,
      startedAt,
      durationMs: Date.now() - startedAt,
      usage: response.usage,
      cacheHit: true,
      ...(costUsd !== null ? { savedUsd: costUsd } : {}),
      status: 'ok',
      ...contextFields(request),
    };
    safeRecord(this.deps.usage, 'recordCall', record, this.log);
    this.changed();
  }

  private changed(): void {
    this.statsChanged.fire();
  }
}

/**
 * Marks a caller's own copy of an answer that cost nothing (`ChatResponse.cached`): agent runs
 * price it at $0. The stored entry never carries the mark (see makeEntry).
 */
function servedFromMemory(response: ChatResponse): ChatResponse {
  response.cached = true;
  return response;
}
