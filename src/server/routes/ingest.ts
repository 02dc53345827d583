// Ingest routes (ingest scope): every format parses to points and goes through the Ingestor, so
// an answer counts accepted and rejected points and a 2xx means the accepted ones are stored.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CustomMetrics } from '../../ingest/custom-metrics.js';
import { parseLineProtocol, parsePrecision } from '../../ingest/influx.js';
import type { IngestOutcome, Ingestor } from '../../ingest/ingestor.js';
import { type IngestError, parseMetricBatch, parseSimpleMetric } from '../../ingest/json.js';
import { OtlpError } from '../../ingest/proto/otlp-types.js';
import { parseSnapshotPost } from '../../ingest/snapshot.js';
import { rawBodies } from '../body.js';

// The OTLP and remote-write decoders bring protobufjs and the compiled descriptors (~5 MiB
// resident): they load on the first request that needs them, not in every agent.
type OtlpModule = typeof import('../../ingest/otlp.js');
type RemoteWriteModule = typeof import('../../ingest/remote-write.js');
let otlpModule: Promise<OtlpModule> | null = null;
let remoteWriteModule: RemoteWriteModule | null = null;
const loadOtlp = (): Promise<OtlpModule> => {
  otlpModule ??= import('../../ingest/otlp.js');
  return otlpModule;
};
const loadRemoteWrite = async (): Promise<RemoteWriteModule> => {
  remoteWriteModule ??= await import('../../ingest/remote-write.js');
  return remoteWriteModule;
};

export interface IngestDeps {
  ingestor: Ingestor;
  custom: CustomMetrics;
  /** Labels every pushed point gets unless it carries its own (the local host name). */
  host: string;
  bodyLimit: number;
}

const outcomeSchema = {
  type: 'object',
  properties: {
    accepted: { type: 'integer' },
    rejected: { type: 'integer' },
    duplicates: { type: 'integer' },
    errors: { type: 'array', items: { type: 'object', additionalProperties: true } },
    error: { type: 'string' },
    detail: { type: 'string' },
  },
} as const;

const ingestRoute = (summary: string) => ({
  config: { scope: 'ingest' as const },
  schema: {
    summary,
    tags: ['ingest'],
    response: { 200: outcomeSchema, 400: outcomeSchema, 422: outcomeSchema, 429: outcomeSchema },
  },
});

const describe = (e: IngestError | undefined): string => (e ? `${e.field}: ${e.message}` : '');

/** hostpulse's own answer: 200 with counts; 422 when nothing was accepted; 429 when series were refused. */
function answer(reply: FastifyReply, o: IngestOutcome) {
  const body = { accepted: o.accepted, rejected: o.rejected, duplicates: o.duplicates, errors: o.errors };
  if (o.refusedSeries > 0)
    return reply
      .code(429)
      .send({ ...body, error: 'series limit reached', detail: describe(o.errors.at(-1)) });
  if (o.accepted === 0 && o.duplicates === 0 && o.rejected > 0)
    return reply.code(422).send({ ...body, error: 'no valid points', detail: describe(o.errors[0]) });
  return reply.code(200).send(body);
}

function withHost(points: { labels: Record<string, string> }[], host: string): void {
  for (const p of points) if (p.labels.host === undefined) p.labels = { ...p.labels, host };
}

function bodyText(body: unknown): string {
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (typeof body === 'string') return body;
  return '';
}

export function ingestRoutes(app: FastifyInstance, deps: IngestDeps): void {
  const { ingestor, host } = deps;

  const lineProtocol = (raw: unknown, precisionRaw: string | undefined, format: string) => {
    let precision: ReturnType<typeof parsePrecision>;
    try {
      precision = parsePrecision(precisionRaw);
    } catch (err) {
      throw Object.assign(new Error(`precision: ${(err as Error).message}`), {
        statusCode: 400,
        code: 'invalid parameter',
      });
    }
    const r = parseLineProtocol(bodyText(raw), {
      precision,
      now: Date.now(),
      defaultLabels: { host },
      maxErrors: 20,
    });
    const errors = r.errors.map((e) => ({ field: `line ${e.line}, column ${e.column}`, message: e.message }));
    return ingestor.ingest(format, r.points, r.rejected, errors);
  };

  app.register(async (inst) => {
    rawBodies(inst, deps.bodyLimit);
    inst.setErrorHandler((err, _req, reply) => {
      // Errors a parser raised about the request itself name what is wrong.
      if (err instanceof OtlpError)
        return reply
          .code(400)
          .send({ error: 'invalid OTLP payload', detail: `${err.field}: ${err.message}` });
      if (remoteWriteModule !== null && err instanceof remoteWriteModule.RemoteWriteError)
        return reply.code(400).send({ error: 'invalid remote-write payload', detail: err.message });
      throw err;
    });

    inst.post(
      '/api/v1/metrics/simple',
      ingestRoute('Push one metric as JSON {name, value, tags?, timestamp?, metric_type?}'),
      async (req, reply) => {
        const r = parseSimpleMetric(req.body, Date.now());
        withHost(r.points, host);
        return answer(reply, ingestor.ingest('json', r.points, r.rejected, r.errors));
      },
    );

    inst.post(
      '/api/v1/metrics',
      ingestRoute('Push a JSON batch {metrics: [{name, fields, tags?, timestamp?, metric_type?}]}'),
      async (req, reply) => {
        const r = parseMetricBatch(req.body, Date.now());
        withHost(r.points, host);
        return answer(reply, ingestor.ingest('json', r.points, r.rejected, r.errors));
      },
    );

    inst.post(
      '/api/v1/metrics/influx',
      ingestRoute('Push InfluxDB line protocol (?precision=ns|us|ms|s)'),
      async (req, reply) => {
        const q = req.query as { precision?: string };
        return answer(reply, lineProtocol(req.body, q.precision, 'influx'));
      },
    );

    // InfluxDB-compatible write endpoints: 204 on success, 400 "partial write" like InfluxDB 1.x.
    const influxWrite = async (body: unknown, precision: string | undefined, reply: FastifyReply) => {
      const o = lineProtocol(body, precision, 'influx');
      if (o.refusedSeries > 0) return answer(reply, o);
      if (o.rejected === 0) return reply.code(204).send();
      return reply.code(400).send({
        code: 'invalid',
        message: `partial write: ${describe(o.errors[0])} (accepted ${o.accepted}, rejected ${o.rejected})`,
        accepted: o.accepted,
        rejected: o.rejected,
        errors: o.errors,
      });
    };
    inst.post(
      '/write',
      {
        config: { scope: 'ingest' },
        schema: { summary: 'InfluxDB 1.x write (line protocol; ?precision=n|u|ms|s|m|h)', tags: ['ingest'] },
      },
      async (req, reply) => influxWrite(req.body, (req.query as { precision?: string }).precision, reply),
    );
    inst.post(
      '/api/v2/write',
      {
        config: { scope: 'ingest' },
        schema: {
          summary: 'InfluxDB 2.x write (line protocol; ?org=&bucket=&precision=ns|us|ms|s)',
          tags: ['ingest'],
        },
      },
      async (req, reply) => influxWrite(req.body, (req.query as { precision?: string }).precision, reply),
    );

    const otlp = async (body: unknown, contentType: string | undefined) => {
      const json = /json/i.test(contentType ?? '');
      const { decodeOtlpJson, decodeOtlpProtobuf } = await loadOtlp();
      const r = json
        ? decodeOtlpJson(Buffer.isBuffer(body) ? JSON.parse(body.toString('utf8')) : body, {
            now: Date.now(),
          })
        : decodeOtlpProtobuf(Buffer.isBuffer(body) ? body : new Uint8Array(), { now: Date.now() });
      withHost(r.points, host);
      return ingestor.ingest(
        'otlp',
        r.points,
        r.rejected,
        r.errors.map((message) => ({ field: 'otlp', message })),
      );
    };
    inst.post(
      '/api/v1/metrics/otlp',
      ingestRoute('Push OTLP metrics (protobuf or JSON)'),
      async (req, reply) => answer(reply, await otlp(req.body, req.headers['content-type'])),
    );
    // The OTLP/HTTP standard path answers with ExportMetricsServiceResponse (partial_success on rejections).
    inst.post(
      '/v1/metrics',
      {
        config: { scope: 'ingest' },
        schema: { summary: 'OTLP/HTTP metrics export (protobuf or JSON)', tags: ['ingest'] },
      },
      async (req, reply) => {
        const json = /json/i.test(req.headers['content-type'] ?? '');
        const o = await otlp(req.body, req.headers['content-type']);
        if (o.refusedSeries > 0) return answer(reply, o);
        const r = { rejected: o.rejected, errors: o.errors.map(describe) };
        const { encodeOtlpResponse, otlpJsonResponse } = await loadOtlp();
        if (json) return reply.code(200).send(otlpJsonResponse(r));
        reply.code(200).header('content-type', 'application/x-protobuf');
        return reply.send(Buffer.from(encodeOtlpResponse(r)));
      },
    );

    inst.post(
      '/api/v1/write',
      {
        config: { scope: 'ingest' },
        schema: { summary: 'Prometheus remote write 1.0 (snappy + protobuf)', tags: ['ingest'] },
      },
      async (req, reply) => {
        const { decodeRemoteWrite } = await loadRemoteWrite();
        const r = decodeRemoteWrite(Buffer.isBuffer(req.body) ? req.body : new Uint8Array());
        withHost(r.points, host);
        const o = ingestor.ingest(
          'remote_write',
          r.points,
          r.rejected,
          r.errors.map((message) => ({ field: 'remote_write', message })),
        );
        if (o.refusedSeries > 0) return answer(reply, o);
        if (o.accepted === 0 && o.rejected > 0 && o.duplicates === 0) return answer(reply, o);
        return reply.code(204).send();
      },
    );

    inst.post(
      '/metrics',
      ingestRoute("Accept a forwarder's JSON post of a host snapshot (flattened percentages + snapshot)"),
      async (req, reply) => {
        const r = parseSnapshotPost(req.body, Date.now());
        return answer(reply, ingestor.ingest('snapshot', r.points, r.rejected, r.errors));
      },
    );
  });
}
