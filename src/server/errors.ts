// One error shape for every route: {error, detail}; internal faults are logged with the
// correlation id and answered without internals.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  if (err.validation) {
    const where = err.validationContext ?? 'request';
    const first = err.validation[0];
    const field = first?.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
    const param =
      field || (first?.params as { missingProperty?: string } | undefined)?.missingProperty || where;
    reply.code(400).send({
      error: 'invalid request',
      detail: `${where} parameter "${param}" ${first?.message ?? 'is invalid'}`,
    });
    return;
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    reply.code(status).send({ error: err.code ?? 'bad request', detail: err.message });
    return;
  }
  req.log.error({ err }, 'internal error');
  reply.code(500).send({ error: 'internal error', detail: `see the agent log for correlation id ${req.id}` });
}
