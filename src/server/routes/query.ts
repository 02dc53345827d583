// GET /api/v1/series: range queries over the store, tier chosen from the step.
import type { FastifyInstance } from 'fastify';
import { parseStep, parseTime } from '../../store/time-params.js';
import { MatcherError, QueryError } from '../../store/tsdb/tsdb.js';
import type { AgentView } from '../agent-view.js';

const AGGS = ['avg', 'min', 'max', 'last', 'sum'] as const;
type Agg = (typeof AGGS)[number];

interface SeriesQuery {
  match?: string;
  from?: string;
  to?: string;
  step?: string;
  agg?: string;
  rate?: string;
}

export function queryRoutes(app: FastifyInstance, agent: AgentView): void {
  app.get(
    '/api/v1/series',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Range query over the history store; the tier (raw, 1m, 1h) is chosen from the step',
        tags: ['history'],
        querystring: {
          type: 'object',
          properties: {
            match: {
              type: 'string',
              description: 'series selector, e.g. node_load1 or node_cpu_seconds_total{mode="idle"}',
            },
            from: { type: 'string', description: 'start: unix seconds or RFC 3339 (default: to − 1 h)' },
            to: { type: 'string', description: 'end: unix seconds or RFC 3339 (default: now)' },
            step: {
              type: 'string',
              description: 'bucket width: seconds or 30s/5m/1h (default: raw samples)',
            },
            agg: { type: 'string', enum: [...AGGS], description: 'aggregation within a step (default avg)' },
            rate: { type: 'string', enum: ['true', 'false'], description: 'per-second rate of counters' },
          },
        },
      },
    },
    async (req, reply) => {
      const q = req.query as SeriesQuery;
      try {
        if (!q.match) throw new QueryError('match', 'match is required, e.g. match=node_load1');
        const to = q.to === undefined ? Date.now() : parseTime('to', q.to);
        const from = q.from === undefined ? to - 3_600_000 : parseTime('from', q.from);
        const step = q.step === undefined ? undefined : parseStep(q.step);
        const res = agent.store().query({
          match: q.match,
          from,
          to,
          step,
          agg: (q.agg ?? 'avg') as Agg,
          rate: q.rate === 'true',
        });
        return {
          tier: res.tier,
          step_seconds: res.step / 1000,
          series: res.series.map((s) => ({
            name: s.name,
            labels: s.labels,
            points: s.points.map(([ts, v]) => [ts / 1000, v]),
          })),
        };
      } catch (err) {
        if (err instanceof QueryError)
          return reply
            .code(400)
            .send({ error: 'invalid parameter', parameter: err.param, detail: err.message });
        if (err instanceof MatcherError)
          return reply
            .code(400)
            .send({ error: 'invalid parameter', parameter: 'match', detail: `bad selector: ${err.message}` });
        throw err;
      }
    },
  );
}
