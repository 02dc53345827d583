// GET /metrics over real HTTP: formats, compression, caching, HTTP metrics, promtool.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { startTestAgent, type TestAgent, waitForSample } from '../helpers/agent.js';

const PROMTOOL = '/usr/bin/promtool';

/** `name{labels} value` lines of an exposition, comments dropped. */
const sampleLines = (text: string): string[] =>
  text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

function seriesValue(text: string, series: string): number | undefined {
  const line = sampleLines(text).find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let a: TestAgent;
  before(async () => {
    a = await startTestAgent({ 'agent.collect_interval_sec': '5', 'security.api_token': 'tok' });
    await waitForSample(a, 'tok', 8000);
  });
  after(() => a.close());

  test('needs the read scope', async () => {
    assert.equal((await a.get('/metrics')).status, 401);
  });

  test('Prometheus text 0.0.4 with host, self, process and runtime series', async () => {
    const r = await a.get('/metrics', 'tok');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const text = await r.text();
    for (const name of [
      'node_load1',
      'node_memory_MemTotal_bytes',
      'node_boot_time_seconds',
      'hostpulse_cpu_usage_percent',
      'hostpulse_ticks_total',
      'hostpulse_collector_duration_seconds',
      'hostpulse_collector_success',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'process_virtual_memory_bytes',
      'process_start_time_seconds',
      'process_open_fds',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_gc_duration_seconds',
    ])
      assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), `no ${name}`);
    assert.match(text, /^node_cpu_seconds_total\{cpu="0",mode="idle"\} \d/m);
    // The local host's series carry no host label, exactly as node_exporter's.
    assert.doesNotMatch(text, /^node_[a-z_]+\{[^}]*\bhost="/m);
    const memTotal = seriesValue(text, 'node_memory_MemTotal_bytes');
    const { readFileSync } = await import('node:fs');
    const kb = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    assert.equal(memTotal, kb * 1024);
  });

  test('OpenMetrics when the scraper asks for it', async () => {
    const r = await a.get('/metrics', 'tok', {
      accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
    });
    assert.equal(r.headers.get('content-type'), 'application/openmetrics-text; version=1.0.0; charset=utf-8');
    const text = await r.text();
    assert.ok(text.endsWith('# EOF\n'));
    assert.equal(text.indexOf('# EOF'), text.length - 6, 'exactly one # EOF, at the end');
    assert.match(text, /^# TYPE process_cpu_seconds counter$/m);
    assert.match(text, /^process_cpu_seconds_total \d/m);
    assert.match(text, /^# TYPE hostpulse_ticks counter$/m);
    assert.doesNotMatch(text, /^# TYPE \S+ untyped$/m);
  });

  test('gzip when accepted: the body inflates to the plain exposition', async () => {
    const r = await fetch(`${a.url}/metrics`, {
      headers: { authorization: 'Bearer tok', 'accept-encoding': 'gzip' },
    });
    // fetch inflates transparently; check the header and that the text is whole.
    assert.equal(r.headers.get('content-encoding'), 'gzip');
    const text = await r.text();
    assert.match(text, /^node_load1 /m);
    assert.match(text, /^http_requests_total\{/m);
  });

  test('the gzip body is valid for curl --compressed too', {
    skip: existsSync('/usr/bin/curl') ? false : 'SKIP: curl not installed',
  }, async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'curl',
        ['-sS', '--compressed', '-H', 'Authorization: Bearer tok', `${a.url}/metrics`],
        { maxBuffer: 64 << 20 },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    );
    assert.match(out, /^node_load1 /m);
    assert.match(
      out,
      /^process_cpu_seconds_total /m,
      'the second gzip member (dynamic part) must be decoded too',
    );
  });

  test('the host part is rendered once per tick however many scrapes come', async () => {
    const before = ((await (await a.get('/api/health', 'tok')).json()) as { exposition: { renders: number } })
      .exposition.renders;
    const bodies: string[] = [];
    for (let i = 0; i < 5; i++) bodies.push(await (await a.get('/metrics', 'tok')).text());
    const afterRenders = (
      (await (await a.get('/api/health', 'tok')).json()) as { exposition: { renders: number } }
    ).exposition.renders;
    // 5 s interval: at most one tick can fall inside this loop.
    assert.ok(afterRenders - before <= 1, `rendered ${afterRenders - before} times for 5 scrapes`);
    const hostPart = (t: string) => t.slice(0, t.indexOf('# HELP hostpulse_build_info'));
    assert.ok(bodies.filter((b) => hostPart(b) === hostPart(bodies[0])).length >= 4);
  });

  test('the raw gzip body is one member holding host and dynamic parts', async () => {
    const { request } = await import('node:http');
    const buf = await new Promise<Buffer>((resolve, reject) => {
      const req = request(
        `${a.url}/metrics`,
        { headers: { authorization: 'Bearer tok', 'accept-encoding': 'gzip' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(buf[0], 0x1f);
    assert.equal(buf[1], 0x8b);
    const text = gunzipSync(buf).toString();
    // A single member: the ISIZE trailer is the whole text's length.
    assert.equal(buf.readUInt32LE(buf.length - 4), Buffer.byteLength(text));
    assert.match(text, /^node_load1 /m);
    assert.match(text, /^process_cpu_seconds_total /m);
  });

  test('promtool check metrics: parses, and lints clean but for the names node_exporter itself has', {
    skip: existsSync(PROMTOOL) ? false : 'SKIP: promtool not installed (Debian package prometheus)',
  }, async () => {
    const text = await (await a.get('/metrics', 'tok')).text();
    const result = await new Promise<{ code: number; out: string }>((resolve) => {
      const child = execFile(PROMTOOL, ['check', 'metrics'], (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
      );
      child.stdin?.end(text);
    });
    // promtool exits 1 on a parse error and 3 on lint findings only. node_exporter's own names
    // (node_memory_MemTotal_bytes, node_netstat_Tcp_InSegs, node_entropy_available_bits) fail
    // its camelCase and base-unit lints; keeping those names is the point of compatibility.
    assert.ok(result.code === 0 || result.code === 3, `promtool exit ${result.code}: ${result.out}`);
    const inherited =
      /^node_\S+ (metric names should be written in 'snake_case' not 'camelCase'|use base unit "bytes" instead of "bits")$/;
    const findings = result.out.split('\n').filter((l) => l.trim() !== '');
    const own = findings.filter((l) => !inherited.test(l));
    assert.deepEqual(own, [], 'lint findings beyond node_exporter naming');
  });
});

describe('HTTP metrics', () => {
  let a: TestAgent;
  before(async () => {
    a = await startTestAgent({ 'agent.collect_interval_sec': '5' });
  });
  after(() => a.close());

  test('count exactly the requests made, with route templates and no raw paths', async () => {
    const N = 7;
    const M = 11;
    for (let i = 0; i < N; i++) await (await a.get('/health')).arrayBuffer();
    for (let i = 0; i < 3; i++) await (await a.get(`/metrics/range?seconds=${i + 1}`)).arrayBuffer();
    const paths: string[] = [];
    for (let i = 0; i < M; i++) {
      const p = `/scan-${Math.random().toString(36).slice(2)}/wp-admin.php`;
      paths.push(p);
      await (await a.get(p)).arrayBuffer();
    }
    const text = await (await a.get('/metrics')).text();
    assert.equal(seriesValue(text, 'http_requests_total{method="GET",route="/health",status_code="200"}'), N);
    assert.equal(
      seriesValue(text, 'http_requests_total{method="GET",route="/metrics/range",status_code="200"}'),
      3,
    );
    assert.equal(
      seriesValue(text, 'http_requests_total{method="GET",route="unmatched",status_code="404"}'),
      M,
    );
    assert.equal(
      seriesValue(
        text,
        'http_request_duration_seconds_count{method="GET",route="/health",status_code="200"}',
      ),
      N,
    );
    assert.equal(
      seriesValue(text, 'http_request_size_bytes_count{method="GET",route="/health",status_code="200"}'),
      N,
    );
    assert.equal(
      seriesValue(text, 'http_response_size_bytes_count{method="GET",route="/health",status_code="200"}'),
      N,
    );
    for (const p of paths) assert.ok(!text.includes(p), `raw path ${p} leaked into labels`);
    assert.ok(!text.includes('seconds=2'), 'query strings never become labels');
  });
});

describe('GET /docs', () => {
  let a: TestAgent;
  before(async () => {
    a = await startTestAgent({ 'security.api_token': 'tok' });
  });
  after(() => a.close());

  test('serves the OpenAPI UI without auth, and a document listing every route with a schema', async () => {
    const ui = await a.get('/docs/');
    assert.equal(ui.status, 200);
    assert.match(ui.headers.get('content-type') ?? '', /text\/html/);
    const doc = (await (await a.get('/docs/json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { summary?: string }>>;
    };
    assert.match(doc.openapi, /^3\./);
    for (const p of [
      '/health',
      '/api/health',
      '/inventory',
      '/metrics/latest',
      '/metrics/range',
      '/system',
      '/metrics',
    ]) {
      assert.ok(doc.paths[p]?.get, `no ${p} in OpenAPI`);
      assert.ok(doc.paths[p].get.summary, `${p} has no summary`);
    }
  });
});
