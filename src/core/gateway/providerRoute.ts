// The shape every provider endpoint shares: parse the body, resolve the model (the format's own
// 404), translate to the neutral request, then answer as one JSON body or as a relayed stream.
import type { ServerResponse } from 'node:http';
import type { ChatRequest, ChatResponse, StreamEvent } from '../llm/types';
import type { GatewayHandler, GatewayRequestContext } from './types';
import type { ModelCatalog, ResolvedModel } from './providers';
import { primedStream, resolveOr404, wireRoute } from './callFlow';
import { sendJson, startSse } from './sse';
import type { WireFormat } from './wireErrors';
import { parseJsonObject } from './wireErrors';
import type { Obj } from './wireRead';
import { str } from './wireRead';

/** One translated request: the neutral form plus whatever the format needs to answer it. */
export interface WireCall {
  request: ChatRequest;
  stream: boolean;
}

export interface WireEndpoint<C extends WireCall> {
  format: WireFormat;
  /** The body → a call; `target.model` replaces the request's model afterwards. */
  read(body: Obj, target: ResolvedModel, ctx: GatewayRequestContext): C;
  /** The JSON answer to a non-streamed call. */
  json(r: ChatResponse, call: C): unknown;
  /** Writes the stream's events, the first at once (the SSE headers go out with it). Must end `res`. */
  relay(res: ServerResponse, events: AsyncIterable<StreamEvent>, call: C, ctx: GatewayRequestContext): Promise<void>;
}

export function providerRoute<C extends WireCall>(catalog: ModelCatalog, endpoint: WireEndpoint<C>): GatewayHandler {
  return wireRoute(endpoint.format, async (res, ctx) => {
    const body = parseJsonObject(ctx.body);
    const target = await resolveOr404(catalog, str(body, 'model'), ctx);
    const call = endpoint.read(body, target, ctx);
    call.request.model = target.model;
    if (!call.stream) return sendJson(res, 200, endpoint.json(await target.provider.chat(call.request, ctx.signal), call));
    const events = await primedStream(target.provider, call.request, ctx.signal);
    startSse(res);
    await endpoint.relay(res, events, call, ctx);
  });
}
