// The gateway's composition: the provider endpoints over the host's provider port, plus any
// routes the host adds (the `/mcp` endpoint), on one loopback server.
import type { Logger } from '../log';
import { messagesRoute, countTokensRoute } from './anthropicRoutes';
import { chatCompletionsRoute, modelsRoute } from './openaiRoutes';
import type { GatewayProviders } from './providers';
import { ModelCatalog } from './providers';
import { responsesRoute } from './responsesRoute';
import { GatewayServer } from './server';
import type { ClientKeys, GatewayHandler, GatewayLimits, GatewayStats } from './types';

export interface GatewayOptions {
  /** 0 picks a free port. */
  port: number;
  keys: ClientKeys;
  providers: GatewayProviders;
  log: Logger;
  limits?: GatewayLimits;
  onStats?: (stats: GatewayStats) => void;
  /** More endpoints by path prefix, e.g. `{ '/mcp': mcpHandler }`. */
  routes?: Record<string, GatewayHandler>;
}

export function providerRoutes(providers: GatewayProviders, log: Logger): Record<string, GatewayHandler> {
  const catalog = new ModelCatalog(providers, log);
  return {
    '/v1/chat/completions': chatCompletionsRoute(catalog),
    '/v1/models': modelsRoute(catalog),
    '/v1/messages': messagesRoute(catalog),
    '/v1/messages/count_tokens': countTokensRoute(catalog),
    '/v1/responses': responsesRoute(catalog),
  };
}

/** Creates and starts the gateway; the caller owns it and must `stop()` it. */
export async function startGateway(options: GatewayOptions): Promise<GatewayServer> {
  const server = new GatewayServer({
    port: options.port,
    keys: options.keys,
    log: options.log,
    routes: { ...providerRoutes(options.providers, options.log), ...options.routes },
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.onStats ? { onStats: options.onStats } : {}),
  });
  await server.start();
  return server;
}
