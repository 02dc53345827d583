// GET /metrics: the cached exposition (see export/host-exposition.ts) in Prometheus text or
// OpenMetrics, gzip'd when the scraper accepts it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type ExpositionFormat,
  OPENMETRICS_CONTENT_TYPE,
  PROM_CONTENT_TYPE,
} from '../../export/exposition.js';
import type { ScrapeCache } from '../../export/scrape-cache.js';

/** OpenMetrics only when the scraper asks for it (Prometheus does, with a q-value list). */
export function negotiate(accept: string | undefined): ExpositionFormat {
  return accept?.includes('application/openmetrics-text') ? 'openmetrics' : 'prometheus';
}

const acceptsGzip = (req: FastifyRequest): boolean =>
  /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));

export function prometheusRoutes(app: FastifyInstance, cache: ScrapeCache): void {
  app.get(
    '/metrics',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Prometheus exposition: host (node_exporter names), self, process and HTTP metrics',
        tags: ['prometheus'],
        produces: ['text/plain', 'application/openmetrics-text'],
      },
    },
    async (req, reply) => {
      const format = negotiate(req.headers.accept);
      reply.header('content-type', format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : PROM_CONTENT_TYPE);
      reply.header('vary', 'Accept, Accept-Encoding');
      if (acceptsGzip(req)) {
        reply.header('content-encoding', 'gzip');
        return cache.gzip(format);
      }
      return cache.text(format);
    },
  );
}
