// The fastify instance: plugin and hook order lives here, routes live in routes/.
import { createHash } from 'node:crypto';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { IngestConfig, MetricsConfig, SecurityConfig } from '../config/types.js';
import type { ScrapeCache } from '../export/scrape-cache.js';
import type { CustomMetrics } from '../ingest/custom-metrics.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { AgentView } from './agent-view.js';
import { authHook, type TokenAuth } from './auth.js';
import { CORRELATION_HEADER, correlationIdOf } from './correlation-id.js';
import { registerLazyDocs } from './docs.js';
import { errorHandler } from './errors.js';
import { registerHttpMetrics } from './http-metrics.js';
import { customRoutes } from './routes/custom.js';
import { healthRoutes } from './routes/health.js';
import { ingestRoutes } from './routes/ingest.js';
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
  security: SecurityConfig;
  ingest: IngestConfig;
  ingestor: Ingestor;
  custom: CustomMetrics;
}

/** Routes a rate limit must never starve: liveness, health and the live stream. */
const RATE_LIMIT_EXEMPT = new Set(['/health', '/api/health', '/metrics/stream']);

/** A client is its token when it sends one (many agents share a NAT address), else its address. */
function clientKey(req: { headers: Record<string, unknown>; ip: string }): string {
  const auth = req.headers.authorization;
  return typeof auth === 'string' && auth !== ''
    ? `t:${createHash('sha256').update(auth).digest('base64url').slice(0, 22)}`
    : `ip:${req.ip}`;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const tls = opts.tls ?? null;
  const app = Fastify({
    loggerInstance: opts.log,
    // One line per request comes from our onResponse hook; the id is logged as correlation_id.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'correlation_id' }),
    genReqId: correlationIdOf,
    forceCloseConnections: true,
    bodyLimit: Math.round(opts.ingest.maxBodyMb * 1024 * 1024),
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
    if (reply.statusCode === 413) opts.ingestor.countRefusal('body_too_large');
    if (reply.statusCode >= 400) req.log.info(line, 'request');
    else req.log.debug(line, 'request');
  });
  registerHttpMetrics(app, opts.registry, opts.metrics);
  if (opts.security.corsOrigins.length > 0) {
    const origins = opts.security.corsOrigins;
    await app.register(cors, {
      origin: origins.includes('*') ? true : origins,
      methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', 'X-Correlation-ID'],
      exposedHeaders: ['X-Correlation-ID', 'Retry-After'],
    });
  }
  if (opts.security.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      global: true,
      max: opts.security.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: clientKey,
      onExceeded: () => opts.ingestor.countRefusal('rate_limited'),
      allowList: (req) => RATE_LIMIT_EXEMPT.has(req.routeOptions.url ?? ''),
      errorResponseBuilder: (_req, ctx) => ({
        statusCode: 429,
        error: 'too many requests',
        detail: `rate limit of ${ctx.max} requests per minute reached; retry in ${Math.ceil(ctx.ttl / 1000)} s`,
      }),
    });
  }
  // Responses over 1 KB are gzip'd when the client accepts it (the SSE stream opts out).
  // Request bodies are decoded by the ingest routes themselves (body.ts), with the size cap.
  await app.register(compress, {
    globalCompression: true,
    globalDecompression: false,
    threshold: 1024,
    encodings: ['gzip', 'deflate'],
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: 'not found', detail: `no route ${req.method} ${req.url.split('?')[0]}` });
  });

  // Before the routes: it collects their schemas for the OpenAPI document.
  registerLazyDocs(app, {
    title: 'hostpulse',
    version: opts.agent.version,
    description: 'Host telemetry agent and metrics hub',
  });

  healthRoutes(app, opts.agent);
  sampleRoutes(app, opts.agent);
  prometheusRoutes(app, opts.exposition);
  queryRoutes(app, opts.agent);
  ingestRoutes(app, {
    ingestor: opts.ingestor,
    custom: opts.custom,
    host: opts.agent.host,
    bodyLimit: Math.round(opts.ingest.maxBodyMb * 1024 * 1024),
  });
  customRoutes(app, { custom: opts.custom, store: () => opts.agent.store() });
  return app;
}
