// A real Prometheus (Debian package) scrapes itself and remote-writes to a capture server on 127.0.0.1;
// every captured body must decode, and the samples must include what Prometheus itself reports.
// With UPDATE_REMOTE_WRITE_FIXTURE=1 the first body with `up` in it is saved to test/fixtures/ingest/.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { DecodeResult } from '../../src/ingest/otlp.js';
import { decodeRemoteWrite } from '../../src/ingest/remote-write.js';
import { freePort } from '../helpers/ports.js';
import { PROMETHEUS_SKIP, type RunningPrometheus, startPrometheus } from '../helpers/prometheus.js';

if (PROMETHEUS_SKIP) console.log(PROMETHEUS_SKIP);

interface Post {
  body: Buffer;
  headers: IncomingHttpHeaders;
  decoded: DecodeResult;
}

describe('remote write from a real Prometheus', { skip: PROMETHEUS_SKIP }, () => {
  let server: Server;
  let prom: RunningPrometheus | null = null;
  let promPort: number;
  const posts: Post[] = [];
  const failures: string[] = [];
  let started = 0;

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        try {
          posts.push({ body, headers: req.headers, decoded: decodeRemoteWrite(body) });
          res.writeHead(204).end();
        } catch (err) {
          failures.push(String(err));
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const capturePort = (server.address() as AddressInfo).port;
    promPort = await freePort();
    started = Date.now();
    prom = startPrometheus(promPort, [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      '  - job_name: prometheus',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${promPort}']`,
      'remote_write:',
      `  - url: http://127.0.0.1:${capturePort}/api/v1/write`,
      '    queue_config:',
      '      batch_send_deadline: 1s',
      '      max_shards: 1',
      '    metadata_config:',
      '      send_interval: 1s',
    ]);
  });

  after(async () => {
    await prom?.stop();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  test('its remote write bodies decode; up and the scrape metrics of its own target are there', async () => {
    const instance = `127.0.0.1:${promPort}`;
    const withUp = () =>
      posts.find((p) =>
        p.decoded.points.some(
          (x) => x.name === 'up' && x.labels.instance === instance && x.labels.job === 'prometheus',
        ),
      );
    const deadline = Date.now() + 45_000;
    while (!withUp() && Date.now() < deadline && prom?.proc.exitCode === null)
      await new Promise((r) => setTimeout(r, 200));
    const post = withUp();
    assert.ok(
      post,
      `no remote write with up{instance="${instance}"} in 45 s; ${posts.length} posts; log:\n${prom?.log()}`,
    );
    assert.deepEqual(failures, []);

    assert.equal(post.headers['content-encoding'], 'snappy');
    assert.equal(post.headers['content-type'], 'application/x-protobuf');
    assert.equal(post.headers['x-prometheus-remote-write-version'], '0.1.0');
    if (process.env.UPDATE_REMOTE_WRITE_FIXTURE === '1') {
      writeFileSync(new URL('../fixtures/ingest/prometheus-remote-write.bin', import.meta.url), post.body);
    }

    const up = post.decoded.points.find((x) => x.name === 'up' && x.labels.instance === instance);
    assert.deepEqual(up && { ...up, ts: 0 }, {
      name: 'up',
      labels: { instance, job: 'prometheus' },
      value: 1,
      ts: 0,
    });
    assert.ok(up && up.ts >= started - 1000 && up.ts <= Date.now(), `up ts ${up?.ts}`);
    const names = new Set(post.decoded.points.map((p) => p.name));
    for (const n of ['scrape_duration_seconds', 'scrape_samples_scraped', 'prometheus_build_info']) {
      assert.ok(names.has(n), `${n} missing`);
    }
    // A classic histogram arrives as plain _bucket series with an `le` label.
    assert.ok(
      post.decoded.points.some((p) => p.name.endsWith('_bucket') && p.labels.le === '+Inf'),
      'no +Inf bucket sample',
    );
    for (const p of posts) {
      assert.equal(p.decoded.rejected, 0, p.decoded.errors.join('\n'));
      for (const x of p.decoded.points) {
        assert.match(x.name, /^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
        assert.equal(x.labels.__name__, undefined);
      }
    }
  });
});
