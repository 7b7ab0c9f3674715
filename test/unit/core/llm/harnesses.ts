// One harness per provider kind: how to build the provider against the loopback server and
// how that vendor's wire answers look. contract.test.ts runs the same assertions over each.
import type { CannedReply } from '../../../fixtures/llmServer';
import type { LlmServer } from '../../../fixtures/llmServer';
import { json, sse } from '../../../fixtures/llmServer';
import type { WireAnswer } from '../../../fixtures/wireAnswer';
import { anthropicError, anthropicMessage, anthropicMessageEvents, anthropicModels, anthropicUsage } from '../../../fixtures/anthropicWire';
import { openaiChat, openaiChatChunks, openaiError, openaiModels, openaiUsage } from '../../../fixtures/openaiWire';
import type { ApiKeySource, LlmProvider, ProviderConfig } from '../../../../src/core/llm/provider';
import type { Usage } from '../../../../src/core/llm/types';
import type { LlmError } from '../../../../src/core/llm/errors';
import { createAnthropicProvider } from '../../../../src/core/llm/anthropicProvider';
import { createOpenAiCompatibleProvider, createOpenAiProvider } from '../../../../src/core/llm/openaiProvider';

export interface Harness {
  kind: string;
  keyRequired: boolean;
  make(server: LlmServer, keys: ApiKeySource, extra?: Partial<ProviderConfig>): LlmProvider;
  reply(answer: WireAnswer): CannedReply;
  replyStream(answer: WireAnswer): CannedReply;
  error(status: number, message: string, headers?: Record<string, string>): CannedReply;
  models(ids: string[]): CannedReply;
  /** A stream that stops before its final events (no finish / message_stop). */
  truncatedStream(answer: WireAnswer): CannedReply;
  /** A stream that starts, then carries the vendor's in-stream error event of `type`. */
  streamError(type: string, message: string): CannedReply;
  /** Vendor error types that can arrive in a stream, and the kind each must map to. */
  streamErrorKinds: Array<[string, LlmError['kind']]>;
  /** Body fields a streaming request must carry. */
  streamRequestFields: Record<string, unknown>;
  /** A 200 SSE stream whose first event is not JSON. */
  brokenStream: CannedReply;
  /** A usage object with every field non-zero and distinct, and what it must map to. */
  richUsage: { raw: Record<string, unknown>; expected: Usage };
  /** The base64 data of the first image in a recorded request body. */
  imageData(body: Record<string, unknown>): string | undefined;
  /** The model's answer text as it appears in a recorded request body's last assistant message. */
  chatPath: string;
}

export const staticKeys = (key: string | undefined): ApiKeySource => ({ getApiKey: () => Promise.resolve(key) });

const openaiBase = {
  reply: (a: WireAnswer) => json(openaiChat(a)),
  replyStream: (a: WireAnswer) => sse(openaiChatChunks(a)),
  // Without the finish chunk, the usage chunk and [DONE].
  truncatedStream: (a: WireAnswer) => sse(openaiChatChunks(a).slice(0, -3)),
  streamError: (type: string, message: string) =>
    sse([...openaiChatChunks({ text: 'partial' }).slice(0, 2), { data: { error: { message, type, param: null, code: null } } }]),
  streamErrorKinds: [
    ['rate_limit_exceeded', 'rate-limited'],
    ['server_error', 'server'],
  ] as Array<[string, LlmError['kind']]>,
  error: (status: number, message: string, headers: Record<string, string> = {}): CannedReply => ({
    status,
    headers,
    json: openaiError(message, status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_request_error' : 'server_error'),
  }),
  models: (ids: string[]) => json(openaiModels(ids)),
  brokenStream: sse([{ data: '{"id": "chatcmpl-1", "choices": [' }]),
  // Without include_usage, Chat Completions streams carry no usage at all.
  streamRequestFields: { stream: true, stream_options: { include_usage: true } },
  richUsage: {
    raw: openaiUsage(1200, 300, 1000, 120),
    expected: {
      inputTokens: 1200,
      outputTokens: 300,
      cacheReadTokens: 1000,
      cacheWriteTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      reasoningTokens: 120,
    },
  },
  imageData(body: Record<string, unknown>): string | undefined {
    const messages = body['messages'] as Array<{ content: unknown }>;
    for (const m of messages) {
      if (!Array.isArray(m.content)) continue;
      for (const part of m.content as Array<{ type: string; image_url?: { url: string } }>) {
        if (part.type === 'image_url') return part.image_url?.url.replace(/^data:image\/png;base64,/, '');
      }
    }
    return undefined;
  },
  chatPath: '/v1/chat/completions',
};

const config = (kind: string, server: LlmServer, extra?: Partial<ProviderConfig>): ProviderConfig => ({
  id: `test-${kind}`,
  kind,
  baseUrl: `${server.url}/v1`,
  ...extra,
});

export const openaiHarness: Harness = {
  kind: 'openai',
  keyRequired: true,
  make: (server, keys, extra) => createOpenAiProvider(config('openai', server, extra), { keys }),
  ...openaiBase,
};

export const openaiCompatibleHarness: Harness = {
  kind: 'openai-compatible',
  keyRequired: false,
  make: (server, keys, extra) => createOpenAiCompatibleProvider(config('openai-compatible', server, extra), { keys }),
  ...openaiBase,
};

const anthropicErrorType = (status: number): string =>
  status === 401 ? 'authentication_error' : status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : 'api_error';

export const anthropicHarness: Harness = {
  kind: 'anthropic',
  keyRequired: true,
  // The SDK appends `/v1/messages` itself.
  make: (server, keys, extra) => createAnthropicProvider({ ...config('anthropic', server, extra), baseUrl: server.url, ...extra }, { keys }),
  reply: (a) => json(anthropicMessage(a)),
  replyStream: (a) => sse(anthropicMessageEvents(a)),
  // Without message_delta and message_stop.
  truncatedStream: (a) => sse(anthropicMessageEvents(a).slice(0, -2)),
  streamError: (type, message) =>
    sse([...anthropicMessageEvents({ text: 'partial' }).slice(0, 3), { event: 'error', data: anthropicError(message, type) }]),
  streamErrorKinds: [
    ['overloaded_error', 'overloaded'],
    ['api_error', 'server'],
  ],
  error: (status, message, headers = {}) => ({ status, headers, json: anthropicError(message, anthropicErrorType(status)) }),
  models: (ids) => json(anthropicModels(ids)),
  streamRequestFields: { stream: true },
  brokenStream: sse([{ event: 'message_start', data: '{"type": "message_start", "message": {' }]),
  richUsage: {
    raw: anthropicUsage(200, 300, { read: 1000, write5m: 600, write1h: 400, thinking: 120 }),
    expected: {
      inputTokens: 2200,
      outputTokens: 300,
      cacheReadTokens: 1000,
      cacheWriteTokens: 1000,
      cacheWrite5mTokens: 600,
      cacheWrite1hTokens: 400,
      reasoningTokens: 120,
    },
  },
  imageData(body) {
    const messages = body['messages'] as Array<{ content: Array<{ type: string; source?: { data: string } }> }>;
    return messages.flatMap((m) => m.content).find((b) => b.type === 'image')?.source?.data;
  },
  chatPath: '/v1/messages',
};

export const harnesses: Harness[] = [openaiHarness, anthropicHarness, openaiCompatibleHarness];
