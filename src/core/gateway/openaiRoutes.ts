// POST /v1/chat/completions and GET /v1/models.
import type { IncomingMessage } from 'node:http';
import type { GatewayHandler } from './types';
import type { ModelCatalog } from './providers';
import { answerId, primedStream, resolveOr404, wireRoute } from './callFlow';
import { chatCompletion, relayChatChunks } from './openaiChatReply';
import { readOpenAiChat } from './openaiChatRequest';
import { sendJson, startSse } from './sse';
import { parseJsonObject } from './wireErrors';
import { str } from './wireRead';

const OPENAI_KINDS = new Set(['openai', 'openai-compatible']);

export function chatCompletionsRoute(catalog: ModelCatalog): GatewayHandler {
  return wireRoute('openai', async (res, ctx) => {
    const body = parseJsonObject(ctx.body);
    const target = await resolveOr404(catalog, str(body, 'model'), ctx);
    const call = readOpenAiChat(body, OPENAI_KINDS.has(target.config.kind));
    call.request.model = target.model;
    const id = answerId('chatcmpl-', ctx.requestId);
    if (!call.stream) return sendJson(res, 200, chatCompletion(await target.provider.chat(call.request, ctx.signal), id));
    const events = await primedStream(target.provider, call.request, ctx.signal);
    startSse(res);
    await relayChatChunks(res, events, id, target.model, call.includeUsage);
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
