// Correlation ids: a client's X-Correlation-ID is echoed when it is sane, otherwise one is
// generated; fastify carries it as the request id, so every log line of the request has it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

export function correlationIdOf(req: IncomingMessage): string {
  const h = req.headers[CORRELATION_HEADER];
  return typeof h === 'string' && SANE.test(h) ? h : randomUUID();
}
