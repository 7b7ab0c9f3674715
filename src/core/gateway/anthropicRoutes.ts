// POST /v1/messages and POST /v1/messages/count_tokens.
import type { GatewayHandler } from './types';
import type { ModelCatalog } from './providers';
import { anthropicConversation, readAnthropicMessages } from './anthropicRequest';
import { anthropicMessage, relayAnthropicEvents } from './anthropicReply';
import { answerId, primedStream, resolveOr404, wireRoute } from './callFlow';
import { sendJson, startSse } from './sse';
import { parseJsonObject } from './wireErrors';
import { str } from './wireRead';

export function messagesRoute(catalog: ModelCatalog): GatewayHandler {
  return wireRoute('anthropic', async (res, ctx) => {
    const body = parseJsonObject(ctx.body);
    const target = await resolveOr404(catalog, str(body, 'model'), ctx);
    const call = readAnthropicMessages(body, target.config.kind === 'anthropic');
    call.request.model = target.model;
    const id = answerId('msg_', ctx.requestId);
    if (!call.stream) return sendJson(res, 200, anthropicMessage(await target.provider.chat(call.request, ctx.signal), id));
    const events = await primedStream(target.provider, call.request, ctx.signal);
    startSse(res);
    await relayAnthropicEvents(res, events, id, target.model);
  });
}

/**
 * An estimate (about four characters a token), made without an upstream call: providers have no
 * common counting API, and clients use the figure only to decide when to compact.
 */
export function countTokensRoute(catalog: ModelCatalog): GatewayHandler {
  return wireRoute('anthropic', async (res, ctx) => {
    const body = parseJsonObject(ctx.body);
    await resolveOr404(catalog, str(body, 'model'), ctx);
    const text = JSON.stringify([anthropicConversation(body), body['tools'] ?? null]);
    sendJson(res, 200, { input_tokens: Math.ceil(text.length / 4) });
  });
}
