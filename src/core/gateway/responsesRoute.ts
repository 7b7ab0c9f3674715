// POST /v1/responses (placeholder until the Responses API translation lands): a clear 501.
import type { GatewayHandler } from './types';
import type { ModelCatalog } from './providers';
import { wireRoute } from './callFlow';
import { GatewayRefusal } from './wireErrors';

export function responsesRoute(_catalog: ModelCatalog): GatewayHandler {
  return wireRoute('openai', () => {
    throw new GatewayRefusal({ status: 501, type: 'invalid_request_error', message: 'The Responses API is not served by this gateway yet; use /v1/chat/completions.' });
  });
}
