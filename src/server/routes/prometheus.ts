// GET /metrics: the cached host exposition (node_exporter names) followed by this process's
// own metrics (self, prom-client defaults, HTTP), in Prometheus text or OpenMetrics.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import {
  type ExpositionFormat,
  OPENMETRICS_CONTENT_TYPE,
  PROM_CONTENT_TYPE,
  renderFamilies,
} from '../../export/exposition.js';
import type { MetricFamily } from '../../export/family.js';
import { gzipSplice } from '../../export/gzip-splice.js';
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
        // The host part is compressed once per tick; a scrape compresses only the dynamic tail.
        reply.header('content-encoding', 'gzip');
        return gzipSplice(deps.cache.gzip(format), dynamic);
      }
      return deps.cache.text(format) + dynamic;
    },
  );
}
