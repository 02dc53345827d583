// GET /metrics: the cached host exposition (node_exporter names) followed by this process's
// own metrics (self, prom-client defaults, HTTP), in Prometheus text or OpenMetrics.
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import {
  type ExpositionFormat,
  OPENMETRICS_CONTENT_TYPE,
  PROM_CONTENT_TYPE,
  renderFamilies,
} from '../../export/exposition.js';
import type { MetricFamily } from '../../export/family.js';
import { promTextToOpenMetrics } from '../../export/openmetrics.js';
import type { ScrapeCache } from '../../export/scrape-cache.js';

export interface PrometheusDeps {
  cache: ScrapeCache;
  selfFamilies: () => MetricFamily[];
  registry: Registry;
}

/** OpenMetrics only when the scraper asks for it (Prometheus does, with a q-value list). */
export function negotiate(accept: string | undefined): ExpositionFormat {
  return accept?.includes('application/openmetrics-text') ? 'openmetrics' : 'prometheus';
}

const acceptsGzip = (req: FastifyRequest): boolean =>
  /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));

export function prometheusRoutes(app: FastifyInstance, deps: PrometheusDeps): void {
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
      const procText = await deps.registry.metrics();
      let dynamic = renderFamilies(deps.selfFamilies(), format);
      dynamic += format === 'openmetrics' ? `${promTextToOpenMetrics(procText)}# EOF\n` : procText;
      reply.header('content-type', format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : PROM_CONTENT_TYPE);
      reply.header('vary', 'Accept, Accept-Encoding');
      if (acceptsGzip(req)) {
        // Two gzip members back to back are one valid gzip stream (RFC 1952 §2.2): the cached
        // host part is compressed once per tick, only the small dynamic tail per scrape.
        reply.header('content-encoding', 'gzip');
        return Buffer.concat([deps.cache.gzip(format), gzipSync(dynamic, { level: 1 })]);
      }
      return deps.cache.text(format) + dynamic;
    },
  );
}
