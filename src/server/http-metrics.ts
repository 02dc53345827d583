// HTTP metrics for every route from hooks (no per-route code). `route` is the route template;
// requests that match no route collapse to "unmatched", so a scanner cannot blow up cardinality.
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';

export interface HttpMetricBuckets {
  durationSeconds: number[];
  sizeBytes: number[];
}

export const DEFAULT_HTTP_BUCKETS: HttpMetricBuckets = {
  durationSeconds: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  sizeBytes: [100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000],
};

export const UNMATCHED_ROUTE = 'unmatched';

export function registerHttpMetrics(
  app: FastifyInstance,
  registry: Registry,
  buckets: HttpMetricBuckets = DEFAULT_HTTP_BUCKETS,
): void {
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
    buckets: buckets.durationSeconds,
    registers: [registry],
  });
  const reqSize = new Histogram({
    name: 'http_request_size_bytes',
    help: 'Size of request bodies in bytes (Content-Length; 0 without a body).',
    labelNames,
    buckets: buckets.sizeBytes,
    registers: [registry],
  });
  const resSize = new Histogram({
    name: 'http_response_size_bytes',
    help: 'Size of response bodies in bytes as sent (after compression).',
    labelNames,
    buckets: buckets.sizeBytes,
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
