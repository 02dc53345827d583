// The reference agent's routes: /inventory, /metrics/latest, /metrics/range, plus /system.
import type { FastifyInstance } from 'fastify';
import { systemView } from '../../views/system.js';
import type { AgentView } from '../agent-view.js';

const flatSchema = {
  type: 'object',
  properties: {
    ts_unix: { type: 'number' },
    ts_iso: { type: 'string' },
    host: { type: 'string' },
    cpu_total: { type: 'number' },
    cpu_per_core: { type: 'array', items: { type: 'number' } },
    mem_percent: { type: 'number' },
    mem_total: { type: 'number' },
    mem_used: { type: 'number' },
    swap_percent: { type: 'number' },
    swap_total: { type: 'number' },
    swap_used: { type: 'number' },
    freq_mhz: { type: ['number', 'null'] },
  },
} as const;

const noData = { type: 'object', properties: { error: { type: 'string' } } } as const;
const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, detail: { type: 'string' } },
} as const;

/** Parses `seconds`: a positive finite number; anything else names the parameter. */
function parseSeconds(raw: unknown): number | string {
  if (raw === undefined) return 10;
  const text = String(raw).trim();
  const n = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(n)) return `seconds must be a number, got "${text}"`;
  if (n <= 0) return `seconds must be > 0, got ${n}`;
  return n;
}

export function sampleRoutes(app: FastifyInstance, agent: AgentView): void {
  app.get(
    '/inventory',
    {
      config: { scope: 'read' },
      schema: { summary: 'Hardware/OS inventory collected at start', tags: ['agent'] },
    },
    async () => agent.inventory(),
  );

  app.get(
    '/metrics/latest',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Latest sample in the reference agent flat shape; 503 before the first sample',
        tags: ['samples'],
        response: { 200: flatSchema, 503: noData },
      },
    },
    async (_req, reply) => {
      const s = agent.latestFlat();
      if (!s) return reply.code(503).send({ error: 'No data yet' });
      return s;
    },
  );

  app.get(
    '/metrics/range',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Samples of the last N seconds, oldest first',
        tags: ['samples'],
        querystring: {
          type: 'object',
          properties: { seconds: { type: 'string', description: 'window in seconds (> 0, default 10)' } },
        },
        response: { 200: { type: 'array', items: flatSchema }, 400: errorSchema },
      },
    },
    async (req, reply) => {
      const seconds = parseSeconds((req.query as { seconds?: unknown }).seconds);
      if (typeof seconds === 'string')
        return reply.code(400).send({ error: 'invalid parameter', detail: seconds });
      return agent.range(Date.now() / 1000 - seconds);
    },
  );

  app.get(
    '/system',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Rich snapshot: cpu, memory, disk, network, temperatures, uptime, system',
        tags: ['samples'],
      },
    },
    async (_req, reply) => {
      const s = agent.latest();
      if (!s) return reply.code(503).send({ error: 'No data yet' });
      return systemView(s, agent.inventory());
    },
  );
}
