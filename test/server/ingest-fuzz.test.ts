// Fuzzing the ingest routes over real HTTP: whatever the body, the answer is never a 5xx, the
// process keeps serving, and the store grows by exactly the points the answer says it accepted
// (a refused request writes nothing; a partial one writes only what it counts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { startTestAgent, type TestAgent } from '../helpers/agent.js';

const OTLP_PB = readFileSync(new URL('../fixtures/ingest/sdk-metrics.binpb', import.meta.url));
const RW = readFileSync(new URL('../fixtures/ingest/prometheus-remote-write.bin', import.meta.url));
const RUNS = Number(process.env.HOSTPULSE_HTTP_FUZZ_RUNS ?? 1200);

let a: TestAgent;
before(async () => {
  a = await startTestAgent({ 'agent.collect_interval_sec': '3600', 'ingest.max_body_mb': '1' });
});
after(() => a.close());

async function storedSamples(): Promise<number> {
  const h = (await (await a.get('/api/health')).json()) as { store: { samples: number } };
  return h.store.samples;
}

const token = fc.constantFrom(
  'm',
  'cpu',
  ',',
  ' ',
  '=',
  '\\',
  '"',
  '\n',
  '#',
  'i',
  'u',
  't',
  'f',
  '1',
  '-',
  '.',
  'e',
  '9',
  'x=1',
  ',k=v',
  ' 1700000000000000000',
);
const lineish = fc.array(token, { maxLength: 60 }).map((t) => t.join(''));
const mutate = (buf: Buffer) =>
  fc
    .array(fc.tuple(fc.nat(buf.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 })
    .map((edits) => {
      const b = Buffer.from(buf);
      for (const [i, v] of edits) b[i] = v;
      return b;
    });

type Req = { path: string; body: Buffer; headers: Record<string, string> };

const requests: fc.Arbitrary<Req> = fc.oneof(
  lineish.map((s) => ({ path: '/api/v1/metrics/influx', body: Buffer.from(s), headers: {} })),
  fc
    .uint8Array({ maxLength: 300 })
    .map((u) => ({ path: '/api/v1/metrics/influx', body: Buffer.from(u), headers: {} })),
  lineish.map((s) => ({
    path: '/api/v1/metrics/influx',
    body: gzipSync(s),
    headers: { 'content-encoding': 'gzip' },
  })),
  fc.uint8Array({ maxLength: 200 }).map((u) => ({
    path: '/api/v1/metrics/influx',
    body: Buffer.from(u),
    headers: { 'content-encoding': 'gzip' },
  })),
  fc.jsonValue().map((v) => ({
    path: '/api/v1/metrics',
    body: Buffer.from(JSON.stringify(v) ?? 'null'),
    headers: { 'content-type': 'application/json' },
  })),
  fc.jsonValue().map((v) => ({
    path: '/api/v1/metrics/simple',
    body: Buffer.from(JSON.stringify(v) ?? 'null'),
    headers: { 'content-type': 'application/json' },
  })),
  fc.string().map((s) => ({
    path: '/api/v1/metrics/simple',
    body: Buffer.from(s),
    headers: { 'content-type': 'application/json' },
  })),
  mutate(OTLP_PB).map((b) => ({
    path: '/api/v1/metrics/otlp',
    body: b,
    headers: { 'content-type': 'application/x-protobuf' },
  })),
  fc.jsonValue().map((v) => ({
    path: '/api/v1/metrics/otlp',
    body: Buffer.from(JSON.stringify({ resourceMetrics: [v] })),
    headers: { 'content-type': 'application/json' },
  })),
);

const answersWithCounts = new Set([
  '/api/v1/metrics/influx',
  '/api/v1/metrics',
  '/api/v1/metrics/simple',
  '/api/v1/metrics/otlp',
]);

test(`${RUNS} random requests: never a 5xx, and the store grows by exactly what was accepted`, async () => {
  await fc.assert(
    fc.asyncProperty(requests, async (req) => {
      const before = await storedSamples();
      const r = await fetch(a.url + req.path, { method: 'POST', headers: req.headers, body: req.body });
      const text = await r.text();
      assert.ok(r.status < 500, `${r.status} for ${req.path}: ${text}`);
      const after = await storedSamples();
      let accepted = 0;
      if (answersWithCounts.has(req.path) && text.startsWith('{')) {
        accepted = (JSON.parse(text) as { accepted?: number }).accepted ?? 0;
      }
      assert.equal(after - before, accepted, `${req.path} answered ${r.status} ${text}`);
    }),
    { numRuns: RUNS },
  );
  // Remote write and the standard OTLP path answer without counts: they must still never 5xx.
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        mutate(RW).map((b) => ({
          path: '/api/v1/write',
          body: b,
          headers: { 'content-encoding': 'snappy' },
        })),
        fc
          .uint8Array({ maxLength: 200 })
          .map((u) => ({ path: '/api/v1/write', body: Buffer.from(u), headers: {} })),
        mutate(OTLP_PB).map((b) => ({
          path: '/v1/metrics',
          body: b,
          headers: { 'content-type': 'application/x-protobuf' },
        })),
        lineish.map((s) => ({ path: '/api/v2/write', body: Buffer.from(s), headers: {} })),
      ),
      async (req) => {
        const r = await fetch(a.url + req.path, { method: 'POST', headers: req.headers, body: req.body });
        await r.arrayBuffer();
        assert.ok(r.status < 500, `${r.status} for ${req.path}`);
      },
    ),
    { numRuns: Math.round(RUNS / 3) },
  );
  assert.equal((await a.get('/health')).status, 200);
});
