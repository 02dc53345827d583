import type { FastifyInstance } from 'fastify';
import { isoUtc } from '../../views/flat.js';
import type { AgentView } from '../agent-view.js';

export function healthRoutes(app: FastifyInstance, agent: AgentView): void {
  app.get(
    '/health',
    {
      config: { scope: 'none' },
      schema: {
        summary: 'Liveness probe (no auth)',
        tags: ['agent'],
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string' },
              time: { type: 'string' },
              host: { type: 'string' },
              version: { type: 'string' },
            },
          },
        },
      },
    },
    async () => ({
      status: 'ok',
      time: isoUtc(Date.now()),
      host: agent.host,
      version: agent.version,
    }),
  );

  app.get(
    '/api/health',
    {
      config: { scope: 'read' },
      schema: { summary: 'Detailed health: ticker, collectors, CSV, ring', tags: ['agent'] },
    },
    async () => agent.health(),
  );
}
