// POST /v1/messages and POST /v1/messages/count_tokens.
import type { GatewayHandler } from './types';
import type { ModelCatalog } from './providers';
import { anthropicConversation, readAnthropicMessages } from './anthropicRequest';
import { anthropicMessage, relayAnthropicEvents } from './anthropicReply';
import { answerId, resolveOr404, wireRoute } from './callFlow';
import { providerRoute } from './providerRoute';
import { sendJson } from './sse';
import { parseJsonObject } from './wireErrors';
import { str } from './wireRead';

export function messagesRoute(catalog: ModelCatalog): GatewayHandler {
  return providerRoute(catalog, {
    format: 'anthropic',
    read: (body, target, ctx) => ({ ...readAnthropicMessages(body, ctx.headers, target.config.kind === 'anthropic'), id: answerId('msg_', ctx.requestId) }),
    json: (r, call) => anthropicMessage(r, call.id),
    relay: (res, events, call) => relayAnthropicEvents(res, events, call.id, call.request.model),
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
