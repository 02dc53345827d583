// The fastify instance: plugin and hook order lives here, routes live in routes/.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { MetricsConfig } from '../config/types.js';
import type { ScrapeCache } from '../export/scrape-cache.js';
import type { AgentView } from './agent-view.js';
import { authHook, type TokenAuth } from './auth.js';
import { CORRELATION_HEADER, correlationIdOf } from './correlation-id.js';
import { errorHandler } from './errors.js';
import { registerHttpMetrics } from './http-metrics.js';
import { healthRoutes } from './routes/health.js';
import { prometheusRoutes } from './routes/prometheus.js';
import { queryRoutes } from './routes/query.js';
import { sampleRoutes } from './routes/samples.js';

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  ca?: Buffer;
}

export interface AppOptions {
  agent: AgentView;
  auth: TokenAuth;
  log: Logger;
  tls?: TlsMaterial | null;
  /** prom-client registry for process, runtime and HTTP metrics. */
  registry: Registry;
  metrics: MetricsConfig;
  /** The rendered /metrics body. */
  exposition: ScrapeCache;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const tls = opts.tls ?? null;
  const app = Fastify({
    loggerInstance: opts.log,
    // One line per request comes from our onResponse hook; the id is logged as correlation_id.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'correlation_id' }),
    genReqId: correlationIdOf,
    forceCloseConnections: true,
    bodyLimit: 10 * 1024 * 1024,
    ...(tls
      ? {
          https: {
            key: tls.key,
            cert: tls.cert,
            ...(tls.ca ? { ca: tls.ca, requestCert: true, rejectUnauthorized: true } : {}),
          },
        }
      : {}),
  }) as unknown as FastifyInstance;

  app.addHook('onRequest', async (req, reply) => {
    reply.header(CORRELATION_HEADER, req.id);
  });
  app.addHook('onRequest', authHook(opts.auth));
  app.addHook('onResponse', async (req, reply) => {
    const line = {
      method: req.method,
      url: req.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (reply.statusCode >= 400) req.log.info(line, 'request');
    else req.log.debug(line, 'request');
  });
  registerHttpMetrics(app, opts.registry, opts.metrics);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: 'not found', detail: `no route ${req.method} ${req.url.split('?')[0]}` });
  });

  // The API docs are public, like /health; registered before the UI plugin adds its routes.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), scope: 'none' };
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'hostpulse',
        version: opts.agent.version,
        description: 'Host telemetry agent and metrics hub',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });

  healthRoutes(app, opts.agent);
  sampleRoutes(app, opts.agent);
  prometheusRoutes(app, opts.exposition);
  queryRoutes(app, opts.agent);
  return app;
}
