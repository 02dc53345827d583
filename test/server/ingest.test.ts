// Custom-metric ingestion over real HTTP: formats, partial success, limits, scopes, and the
// points reading back through the listing routes, /metrics and /api/v1/series.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { FIXTURE_ROOT, startTestAgent, type TestAgent, waitForSample } from '../helpers/agent.js';

const ADMIN = 'admin-token-123';
const INGEST = 'ingest-token-456';
const READ = 'read-token-789';

function post(
  a: TestAgent,
  path: string,
  body: string | Buffer,
  token: string,
  headers: Record<string, string> = {},
) {
  return fetch(a.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...headers },
    body,
  });
}

const json = (a: TestAgent, path: string, body: unknown, token = INGEST) =>
  post(a, path, JSON.stringify(body), token, { 'content-type': 'application/json' });

interface Outcome {
  accepted: number;
  rejected: number;
  errors: { field: string; message: string }[];
  error?: string;
  detail?: string;
}

interface Latest {
  count: number;
  metrics: { name: string; tags: Record<string, string>; value: number; timestamp: number }[];
}

describe('ingest', () => {
  let a: TestAgent;
  before(async () => {
    a = await startTestAgent({
      'agent.collect_interval_sec': '5',
      'agent.host_name': 'hub',
      'security.api_token': ADMIN,
      'security.ingest_tokens': INGEST,
      'security.read_tokens': READ,
      'ingest.max_labels': '4',
      'ingest.max_label_length': '16',
      'ingest.max_body_mb': '0.01',
    });
  });
  after(() => a.close());

  test('simple JSON: stored, listed as latest, served in /metrics and /api/v1/series', async () => {
    const ts = Date.now() - 1000;
    const r = await json(a, '/api/v1/metrics/simple', {
      name: 'app_queue_depth',
      value: 42,
      tags: { queue: 'mail' },
      timestamp: ts,
    });
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { accepted: 1, rejected: 0, duplicates: 0, errors: [] });
    const latest = (await (await a.get('/api/v1/metrics/latest', READ)).json()) as Latest;
    const m = latest.metrics.find((x) => x.name === 'app_queue_depth');
    assert.deepEqual(m?.tags, { queue: 'mail', host: 'hub' });
    assert.equal(m?.value, 42);
    assert.equal(m?.timestamp, ts);
    const prom = await (await a.get('/metrics', READ)).text();
    assert.match(prom, /^app_queue_depth\{queue="mail",host="hub"\} 42$/m);
    const series = (await (await a.get('/api/v1/series?match=app_queue_depth', READ)).json()) as {
      series: { labels: Record<string, string>; points: [number, number][] }[];
    };
    assert.deepEqual(series.series[0].points, [[ts / 1000, 42]]);
  });

  test('JSON batch: fields become name_field, value keeps the name; bad items rejected one by one', async () => {
    const r = await json(a, '/api/v1/metrics', {
      metrics: [
        { name: 'disk_io', fields: { reads: 5, writes: 7 }, tags: { dev: 'sda' }, metric_type: 'counter' },
        { name: 'temp', fields: { value: 21.5 } },
        { name: 'bad name', fields: { value: 1 } },
        { name: 'ok_but_string', fields: { value: 'x' } },
      ],
    });
    assert.equal(r.status, 200);
    const o = (await r.json()) as Outcome;
    assert.equal(o.accepted, 3);
    assert.equal(o.rejected, 2);
    assert.equal(o.errors[0].field, 'metrics[2].name');
    assert.equal(o.errors[1].field, 'metrics[3].fields.value');
    const names = (await (await a.get('/api/v1/metrics/names', READ)).json()) as { names: string[] };
    for (const n of ['disk_io_reads', 'disk_io_writes', 'temp']) assert.ok(names.names.includes(n), n);
  });

  test('nothing valid is a 422 naming the field; unparseable JSON a 400', async () => {
    const r = await json(a, '/api/v1/metrics/simple', { name: 'x', value: 'high' });
    assert.equal(r.status, 422);
    const o = (await r.json()) as Outcome;
    assert.equal(o.accepted, 0);
    assert.match(o.detail ?? '', /\$\.value/);
    const bad = await post(a, '/api/v1/metrics/simple', '{"name":', INGEST, {
      'content-type': 'application/json',
    });
    assert.equal(bad.status, 400);
  });

  test('line protocol on /api/v1/metrics/influx with partial success naming the line', async () => {
    const sec = Math.floor(Date.now() / 1000) - 60;
    const body = `weather,city=oslo temp=3.5,hum=80i ${sec}000000000\nbroken line here\nweather,city=rome temp=18 ${sec}000000000\n`;
    const r = await post(a, '/api/v1/metrics/influx', body, INGEST, { 'content-type': 'text/plain' });
    assert.equal(r.status, 200);
    const o = (await r.json()) as Outcome;
    assert.equal(o.accepted, 3);
    assert.equal(o.rejected, 1);
    assert.match(o.errors[0].field, /^line 2, column \d+$/);
    const q = (await (
      await a.get(`/api/v1/series?match=weather_temp&from=${sec - 1}&to=${sec + 1}`, READ)
    ).json()) as {
      series: { labels: Record<string, string>; points: [number, number][] }[];
    };
    const byCity = Object.fromEntries(q.series.map((s) => [s.labels.city, s.points]));
    assert.deepEqual(byCity.oslo, [[sec, 3.5]]);
    assert.deepEqual(byCity.rome, [[sec, 18]]);
  });

  test('InfluxDB endpoints: 204 on success (gzip body, precision=s), 400 partial write', async () => {
    const sec = Math.floor(Date.now() / 1000) - 30;
    const ok = await post(
      a,
      '/api/v2/write?org=o&bucket=b&precision=s',
      gzipSync(`net,if=eth0 rx=10i ${sec}\n`),
      INGEST,
      {
        'content-type': 'text/plain; charset=utf-8',
        'content-encoding': 'gzip',
      },
    );
    assert.equal(ok.status, 204);
    const v1 = await post(a, '/write?db=x&precision=ms', `net,if=eth1 rx=20i ${sec}000\n`, INGEST);
    assert.equal(v1.status, 204);
    const partial = await post(a, '/write', 'net,if=eth2 rx=1i\nnet,if=eth3 rx=\n', INGEST);
    assert.equal(partial.status, 400);
    assert.match(((await partial.json()) as { message: string }).message, /^partial write: line 2/);
    const q = (await (
      await a.get(`/api/v1/series?match=net_rx&from=${sec - 1}&to=${sec + 1}`, READ)
    ).json()) as {
      series: { labels: Record<string, string>; points: [number, number][] }[];
    };
    assert.deepEqual(q.series.map((s) => s.labels.if).sort(), ['eth0', 'eth1']);
  });

  test('a bad precision is a 400 naming it', async () => {
    const r = await post(a, '/write?precision=fortnight', 'x v=1\n', INGEST);
    assert.equal(r.status, 400);
    assert.match(((await r.json()) as { detail: string }).detail, /precision/);
  });

  test('limits: labels per series and label length refuse the point, saying which limit', async () => {
    const many = await post(a, '/api/v1/metrics/influx', 'm,a=1,b=2,c=3,d=4 v=1\n', INGEST);
    const o1 = (await many.json()) as Outcome;
    assert.equal(o1.accepted, 0);
    assert.match(o1.errors[0].message, /5 labels, more than max_labels 4/);
    const long = await post(a, '/api/v1/metrics/influx', `m,a=${'x'.repeat(17)} v=1\n`, INGEST);
    const o2 = (await long.json()) as Outcome;
    assert.match(o2.errors[0].message, /more than max_label_length 16/);
    const health = (await (await a.get('/api/health', READ)).json()) as {
      ingest: { refused: Record<string, number> };
    };
    assert.ok(health.ingest.refused.too_many_labels >= 1);
    assert.ok(health.ingest.refused.label_too_long >= 1);
    // /metrics is rendered at most once a second: wait for the next rendering.
    await new Promise((r) => setTimeout(r, 1100));
    const prom = await (await a.get('/metrics', READ)).text();
    assert.match(prom, /^hostpulse_ingest_refused_total\{reason="too_many_labels"\} [1-9]/m);
  });

  test('a body over max_body_mb is a 413, also when it only grows that large decompressed', async () => {
    const big = `${'a v=1\n'.repeat(3000)}`; // ~18 KB > 0.01 MiB
    const plain = await post(a, '/api/v1/metrics/influx', big, INGEST);
    assert.equal(plain.status, 413);
    const bomb = await post(a, '/api/v1/metrics/influx', gzipSync(big), INGEST, {
      'content-encoding': 'gzip',
    });
    assert.equal(bomb.status, 413);
    const unknown = await post(a, '/api/v1/metrics/influx', 'a v=1', INGEST, { 'content-encoding': 'br' });
    assert.equal(unknown.status, 415);
  });

  test('scopes: read cannot push, ingest cannot read or clear, admin clears', async () => {
    // The first host tick comes one interval after start: have host series before the clear.
    await waitForSample(a, READ, 8000);
    assert.equal((await json(a, '/api/v1/metrics/simple', { name: 'x', value: 1 }, READ)).status, 403);
    assert.equal((await a.get('/api/v1/metrics/latest', INGEST)).status, 403);
    const del = await fetch(`${a.url}/api/v1/metrics`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${INGEST}` },
    });
    assert.equal(del.status, 403);
    const ok = await fetch(`${a.url}/api/v1/metrics`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as { cleared_series: number; deleted_samples: number };
    assert.ok(body.cleared_series >= 5 && body.deleted_samples >= 5);
    const latest = (await (await a.get('/api/v1/metrics/latest', READ)).json()) as Latest;
    assert.equal(latest.count, 0);
    const q = (await (await a.get('/api/v1/series?match=app_queue_depth&from=0', READ)).json()) as {
      series: unknown[];
    };
    assert.deepEqual(q.series, []);
    const hostStill = (await (await a.get('/api/v1/series?match=node_load1', READ)).json()) as {
      series: unknown[];
    };
    assert.equal(hostStill.series.length, 1, 'host series survive a clear of custom metrics');
  });

  test('GET /api/v1/metrics filters by name, tag and since', async () => {
    const now = Date.now();
    await json(a, '/api/v1/metrics', {
      metrics: [
        { name: 'svc_latency', fields: { value: 10 }, tags: { svc: 'a' }, timestamp: now - 2000 },
        { name: 'svc_latency', fields: { value: 20 }, tags: { svc: 'b' }, timestamp: now - 1000 },
        { name: 'svc_errors', fields: { value: 1 }, tags: { svc: 'a' }, timestamp: now - 1000 },
      ],
    });
    const byName = (await (await a.get('/api/v1/metrics?name=svc_latency', READ)).json()) as Latest;
    assert.deepEqual(
      byName.metrics.map((m) => m.value),
      [10, 20],
    );
    const byTag = (await (await a.get('/api/v1/metrics?tag=svc:a', READ)).json()) as Latest;
    assert.deepEqual(byTag.metrics.map((m) => m.name).sort(), ['svc_errors', 'svc_latency']);
    const since = (await (
      await a.get(`/api/v1/metrics?since=${(now - 1500) / 1000}`, READ)
    ).json()) as Latest;
    assert.deepEqual(since.metrics.map((m) => m.value).sort(), [1, 20]);
    assert.equal((await a.get('/api/v1/metrics?tag=nocolon', READ)).status, 400);
  });

  test('a forwarder snapshot post on POST /metrics maps to hostpulse names', async () => {
    const r = await json(a, '/metrics', {
      cpu_percent: 12.5,
      memory_percent: 40,
      snapshot: {
        system: { hostname: 'pi4' },
        memory: { total: 4e9, available: 2.4e9 },
        disk: { mount: '/', percent: 33 },
      },
    });
    assert.equal(r.status, 200);
    const q = (await (
      await a.get('/api/v1/series?match=hostpulse_cpu_usage_percent{host="pi4"}', READ)
    ).json()) as {
      series: { points: [number, number][] }[];
    };
    assert.equal(q.series[0].points.at(-1)?.[1], 12.5);
  });
});

describe('series limit', () => {
  test('new series beyond max_series get a 429 while existing ones keep flowing', async () => {
    // A fixture root gives a fixed number of host series; learn it, then allow three more.
    const probe = await startTestAgent({
      'agent.root_path': FIXTURE_ROOT,
      'agent.collect_interval_sec': '0.2',
    });
    await new Promise((r) => setTimeout(r, 700));
    const hostSeries = ((await (await probe.get('/api/health')).json()) as { store: { series: number } })
      .store.series;
    await probe.close();
    const a = await startTestAgent({
      'agent.root_path': FIXTURE_ROOT,
      'agent.collect_interval_sec': '0.2',
      'store.max_series': String(hostSeries + 3),
    });
    try {
      await new Promise((r) => setTimeout(r, 700));
      const first = await post(a, '/api/v1/metrics/influx', 'lim,k=1 v=1\nlim,k=2 v=1\nlim,k=3 v=1\n', 'x');
      assert.equal(first.status, 200, await first.clone().text());
      const over = await post(a, '/api/v1/metrics/influx', 'lim,k=1 v=2\nlim,k=4 v=1\n', 'x');
      assert.equal(over.status, 429);
      const o = (await over.json()) as Outcome;
      assert.equal(o.accepted, 1, 'the existing series k=1 still flows');
      assert.equal(o.rejected, 1);
      assert.match(o.detail ?? '', /max_series/);
      const prom = await (await a.get('/metrics')).text();
      assert.match(prom, /^hostpulse_ingest_refused_total\{reason="series_limit"\} 1$/m);
    } finally {
      await a.close();
    }
  });
});

describe('middleware', () => {
  let a: TestAgent;
  before(async () => {
    a = await startTestAgent({
      'agent.collect_interval_sec': '5',
      'security.rate_limit_per_minute': '5',
      'security.cors_origins': 'https://dash.example.com',
    });
  });
  after(() => a.close());

  test('rate limit: the 6th request in a minute is a 429 with Retry-After; /health is exempt', async () => {
    const codes: number[] = [];
    // Clients are told apart by their token (auth is off here, so any token is let through).
    for (let i = 0; i < 6; i++) codes.push((await a.get('/inventory', 'client-a')).status);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 429]);
    const limited = await a.get('/inventory', 'client-a');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    for (let i = 0; i < 10; i++) assert.equal((await a.get('/health', 'client-a')).status, 200);
    assert.equal((await a.get('/inventory', 'client-b')).status, 200, 'another client has its own budget');
  });

  test('CORS answers the configured origin only', async () => {
    const pre = await fetch(`${a.url}/health`, {
      method: 'OPTIONS',
      headers: { origin: 'https://dash.example.com', 'access-control-request-method': 'GET' },
    });
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://dash.example.com');
    const other = await fetch(`${a.url}/health`, { headers: { origin: 'https://evil.example.com' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  test("responses over 1 KB are gzip'd when accepted, small ones are not", async () => {
    const { request } = await import('node:http');
    const head = (path: string) =>
      new Promise<string | undefined>((resolve, reject) => {
        const req = request(`${a.url}${path}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          res.resume();
          resolve(res.headers['content-encoding']);
        });
        req.on('error', reject);
        req.end();
      });
    assert.equal(await head('/docs/json'), 'gzip');
    assert.equal(await head('/health'), undefined);
  });
});
