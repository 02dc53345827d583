// HTTP metrics for every route from hooks (no per-route code). `route` is the route template;
// requests that match no route collapse to "unmatched", so a scanner cannot blow up cardinality.
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { MetricsConfig } from '../config/types.js';

export const UNMATCHED_ROUTE = 'unmatched';

export function registerHttpMetrics(app: FastifyInstance, registry: Registry, buckets: MetricsConfig): void {
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving the request to sending the response, in seconds.',
    labelNames,
    buckets: buckets.httpDurationBuckets,
    registers: [registry],
  });
  const reqSize = new Histogram({
    name: 'http_request_size_bytes',
    help: 'Size of request bodies in bytes (Content-Length; 0 without a body).',
    labelNames,
    buckets: buckets.httpSizeBuckets,
    registers: [registry],
  });
  const resSize = new Histogram({
    name: 'http_response_size_bytes',
    help: 'Size of response bodies in bytes as sent (after compression).',
    labelNames,
    buckets: buckets.httpSizeBuckets,
    registers: [registry],
  });

  app.addHook('onResponse', async (req, reply) => {
    const labels = {
      method: req.method,
      route: req.routeOptions.url ?? UNMATCHED_ROUTE,
      status_code: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    reqSize.observe(labels, Number(req.headers['content-length'] ?? 0) || 0);
    const sent = Number(reply.getHeader('content-length'));
    if (Number.isFinite(sent)) resSize.observe(labels, sent);
  });
}
