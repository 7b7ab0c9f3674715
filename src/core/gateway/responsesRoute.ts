// POST /v1/responses: the OpenAI Responses API over any upstream, translated to the neutral form
// and back. Nothing is stored, so `previous_response_id` is refused and `input` carries it all.
import type { GatewayHandler } from './types';
import type { ModelCatalog } from './providers';
import { answerId } from './callFlow';
import { CHAT_KINDS } from './openaiRoutes';
import { providerRoute } from './providerRoute';
import { relayResponseEvents, responseObject, ResponseShell } from './responsesReply';
import { readResponses } from './responsesRequest';

export function responsesRoute(catalog: ModelCatalog): GatewayHandler {
  return providerRoute(catalog, {
    format: 'openai',
    read: (body, target, ctx) => ({
      ...readResponses(body, CHAT_KINDS.has(target.config.kind)),
      shell: new ResponseShell(answerId('resp_', ctx.requestId), target.model, body),
    }),
    json: (r, call) => responseObject(r, call.shell),
    relay: (res, events, call, ctx) => relayResponseEvents(res, events, call.shell, ctx.signal),
  });
}
