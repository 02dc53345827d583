// Custom-metric listing routes (the reference metrics service's): what applications pushed.
import type { FastifyInstance } from 'fastify';
import type { CustomMetrics, CustomSeries } from '../../ingest/custom-metrics.js';
import type { Tsdb } from '../../store/tsdb/tsdb.js';

export interface CustomDeps {
  custom: CustomMetrics;
  store: () => Tsdb;
}

const entry = (s: CustomSeries, value = s.value, ts = s.ts) => ({
  name: s.name,
  tags: s.labels,
  value,
  timestamp: ts,
  timestamp_iso: new Date(ts).toISOString(),
  metric_type: s.type,
});

/** `tag=k:v` (repeatable) filters; a series must carry every one. */
function tagFilter(raw: string | string[] | undefined): ((s: CustomSeries) => boolean) | string {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const pairs: [string, string][] = [];
  for (const t of list) {
    const i = t.indexOf(':');
    if (i <= 0) return `tag must be key:value, got "${t}"`;
    pairs.push([t.slice(0, i), t.slice(i + 1)]);
  }
  return (s) => pairs.every(([k, v]) => s.labels[k] === v);
}

export function customRoutes(app: FastifyInstance, deps: CustomDeps): void {
  const { custom } = deps;
  const schema = (summary: string) => ({ summary, tags: ['custom metrics'] });

  app.get(
    '/api/v1/metrics',
    {
      config: { scope: 'read' },
      schema: {
        ...schema(
          'Custom metric points, filtered by name, tag (key:value, repeatable) and since (unix seconds; default the last 5 minutes)',
        ),
        querystring: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            tag: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
            since: { type: 'string' },
          },
        },
      },
    },
    async (req, reply) => {
      const q = req.query as { name?: string; tag?: string | string[]; since?: string };
      const match = tagFilter(q.tag);
      if (typeof match === 'string')
        return reply.code(400).send({ error: 'invalid parameter', detail: match });
      const now = Date.now();
      const since = q.since === undefined ? now - 300_000 : Number(q.since) * 1000;
      if (!Number.isFinite(since))
        return reply
          .code(400)
          .send({ error: 'invalid parameter', detail: `since must be unix seconds, got "${q.since}"` });
      const out: ReturnType<typeof entry>[] = [];
      const store = deps.store();
      for (const s of custom.all()) {
        if ((q.name !== undefined && s.name !== q.name) || !match(s)) continue;
        for (const [ts, v] of store.rawSamples(s.name, s.labels, since, now)) out.push(entry(s, v, ts));
      }
      out.sort((a, b) => a.timestamp - b.timestamp);
      return { count: out.length, metrics: out };
    },
  );

  app.get(
    '/api/v1/metrics/latest',
    { config: { scope: 'read' }, schema: schema('Latest value of every custom series') },
    async () => {
      const list = custom.all().map((s) => entry(s));
      return { count: list.length, metrics: list };
    },
  );

  app.get(
    '/api/v1/metrics/names',
    { config: { scope: 'read' }, schema: schema('Names of the custom metrics') },
    async () => {
      const names = custom.names();
      return { count: names.length, names };
    },
  );

  app.delete(
    '/api/v1/metrics',
    {
      config: { scope: 'admin' },
      schema: schema('Clear every custom metric, latest values and history (admin)'),
    },
    async () => {
      const series = custom.all();
      const deleted = deps.store().deleteSeries(series.map((s) => ({ name: s.name, labels: s.labels })));
      custom.clear();
      return { cleared_series: series.length, deleted_samples: deleted };
    },
  );
}
