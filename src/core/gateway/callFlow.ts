// What every provider endpoint shares: refusals and failures written in the client's format
// (before or during a stream), model resolution with the format's own 404, and streams primed
// with their first event so an upstream refusal still gets its real status.
import type { ServerResponse } from 'node:http';
import type { StreamEvent } from '../llm/types';
import type { LlmProvider } from '../llm/provider';
import type { ChatRequest } from '../llm/types';
import type { GatewayHandler, GatewayRequestContext } from './types';
import type { ModelCatalog, ResolvedModel } from './providers';
import { writeSse } from './sse';
import type { WireFormat } from './wireErrors';
import { errorBody, gatewayErrorFor, GatewayRefusal, sendError } from './wireErrors';

/** Wraps a route so whatever it throws reaches the client in its own format. */
export function wireRoute(format: WireFormat, run: (res: ServerResponse, ctx: GatewayRequestContext) => Promise<void>): GatewayHandler {
  return async (_req, res, ctx) => {
    try {
      await run(res, ctx);
    } catch (err) {
      if (ctx.signal.aborted && res.destroyed) return;
      const e = err instanceof GatewayRefusal ? err.error : gatewayErrorFor(err);
      if (!res.headersSent) return sendError(res, format, e);
      // Mid-stream: the status is already 200, so the error travels as the format's error event.
      await writeSse(res, errorBody(format, e), format === 'anthropic' ? 'error' : undefined);
      res.end();
    }
  };
}

export async function resolveOr404(catalog: ModelCatalog, name: string, ctx: GatewayRequestContext): Promise<ResolvedModel> {
  const found = await catalog.resolve(name, ctx.client.name, ctx.signal);
  if (found) return found;
  const available = (await catalog.all(ctx.signal)).map((m) => m.id);
  throw new GatewayRefusal({
    status: 404,
    type: 'not_found_error',
    code: 'model_not_found',
    message: `The model "${name}" is not offered by this gateway. Available: ${available.join(', ') || 'none (no providers configured)'}.`,
  });
}

/**
 * Starts a stream and waits for its first event, so a refusal (429, budget, bad request) is
 * still an HTTP status rather than an error inside a 200 stream.
 */
export async function primedStream(provider: LlmProvider, request: ChatRequest, signal: AbortSignal): Promise<AsyncIterable<StreamEvent>> {
  const it = provider.stream(request, signal)[Symbol.asyncIterator]();
  const first = await it.next();
  return {
    [Symbol.asyncIterator]: () => {
      let primed: IteratorResult<StreamEvent> | undefined = first;
      return {
        next: () => {
          if (primed) {
            const r = primed;
            primed = undefined;
            return Promise.resolve(r);
          }
          return it.next();
        },
        return: (value?: unknown) => it.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
      };
    },
  };
}

/** The wire id of an answer: the upstream's request id when there is one. */
export const answerId = (prefix: string, requestId: string): string => `${prefix}${requestId.replaceAll('-', '').slice(0, 24)}`;
