// Attribution said once per caller: a provider that stamps its CallContext on every request's
// metadata, so the call recorder and the response cache (which read `metadata.context`) put the
// same source, client and workspace on the ledger rows the request produces. A context already on
// a request wins field by field: the caller said it for that one request.
import type { LlmProvider, ProviderConfig } from './provider';
import type { CallContext, ChatRequest, ChatResponse, ModelInfo, StreamEvent } from './types';

/** The context's fields that are set, ready to spread into a ledger record. */
export function contextFields(request: ChatRequest): CallContext {
  const c = request.metadata?.context;
  if (!c) return {};
  const out: CallContext = {};
  if (c.source) out.source = c.source;
  if (c.client) out.client = c.client;
  if (c.workspace) out.workspace = c.workspace;
  return out;
}

/** `request` with `context` under its own (its own fields win). */
export function withContext(request: ChatRequest, context: CallContext): ChatRequest {
  const own = request.metadata?.context;
  return { ...request, metadata: { ...request.metadata, context: { ...context, ...own } } };
}

/** A canonical string for a context (its set fields in a fixed order), for keying wrappers. */
export function contextKey(context: CallContext): string {
  return JSON.stringify([context.source ?? '', context.client ?? '', context.workspace ?? '']);
}

export class ContextProvider implements LlmProvider {
  constructor(
    private readonly inner: LlmProvider,
    readonly context: CallContext,
  ) {}

  get config(): ProviderConfig {
    return this.inner.config;
  }

  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    return this.inner.chat(withContext(request, this.context), signal);
  }

  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
    return this.inner.stream(withContext(request, this.context), signal);
  }

  listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return this.inner.listModels(signal);
  }
}
