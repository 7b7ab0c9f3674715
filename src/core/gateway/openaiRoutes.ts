// POST /v1/chat/completions and GET /v1/models.
import type { IncomingMessage } from 'node:http';
import type { GatewayHandler } from './types';
import type { ModelCatalog } from './providers';
import { answerId } from './callFlow';
import { chatCompletion, relayChatChunks } from './openaiChatReply';
import { readOpenAiChat } from './openaiChatRequest';
import { providerRoute } from './providerRoute';
import { sendJson } from './sse';

/** Provider kinds that speak Chat Completions themselves (fields the neutral form lacks can travel verbatim). */
export const CHAT_KINDS: ReadonlySet<string> = new Set(['openai', 'openai-compatible']);

export function chatCompletionsRoute(catalog: ModelCatalog): GatewayHandler {
  return providerRoute(catalog, {
    format: 'openai',
    read: (body, target, ctx) => ({ ...readOpenAiChat(body, CHAT_KINDS.has(target.config.kind)), id: answerId('chatcmpl-', ctx.requestId) }),
    json: (r, call) => chatCompletion(r, call.id),
    relay: (res, events, call) => relayChatChunks(res, events, call.id, call.request.model, call.includeUsage),
  });
}

/** Anthropic's SDK lists models at the same path; it says so with its version header. */
const speaksAnthropic = (req: IncomingMessage): boolean => req.headers['anthropic-version'] !== undefined;

export function modelsRoute(catalog: ModelCatalog): GatewayHandler {
  return async (req, res, ctx) => {
    const models = await catalog.all(ctx.signal);
    if (speaksAnthropic(req)) {
      const data = models.map((m) => ({ type: 'model', id: m.id, display_name: m.id, created_at: '1970-01-01T00:00:00Z' }));
      return sendJson(res, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null });
    }
    sendJson(res, 200, { object: 'list', data: models.map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: m.providerId })) });
  };
}
