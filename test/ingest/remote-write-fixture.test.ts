// A remote write body captured from a real Prometheus (test/fixtures/ingest/README.md says what is in it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeRemoteWrite, RemoteWriteError } from '../../src/ingest/remote-write.js';

const body = readFileSync(new URL('../fixtures/ingest/prometheus-remote-write.bin', import.meta.url));
const TS = 1795304814854;
const target = { instance: '127.0.0.1:33923', job: 'prometheus' };

test('the captured Prometheus body decodes to its 353 samples', () => {
  const r = decodeRemoteWrite(body);
  assert.equal(r.rejected, 0);
  assert.deepEqual(r.errors, []);
  assert.equal(r.points.length, 353);
  assert.ok(r.points.every((p) => p.ts === TS));
  assert.equal(r.points.filter((p) => Number.isNaN(p.value)).length, 26);
  const get = (name: string) => r.points.filter((p) => p.name === name);
  assert.deepEqual(get('up'), [{ name: 'up', labels: target, value: 1, ts: TS }]);
  assert.deepEqual(get('scrape_samples_scraped'), [
    { name: 'scrape_samples_scraped', labels: target, value: 348, ts: TS },
  ]);
  assert.deepEqual(get('prometheus_build_info'), [
    {
      name: 'prometheus_build_info',
      labels: {
        branch: 'debian/sid',
        goarch: 'amd64',
        goos: 'linux',
        goversion: 'go1.19.8',
        ...target,
        revision: '2.42.0+ds-5+deb12u1',
        version: '2.42.0+ds',
      },
      value: 1,
      ts: TS,
    },
  ]);
});

test('every strict prefix of the body is refused as RemoteWriteError or decodes to fewer samples', () => {
  for (let n = 0; n < body.length; n += 7) {
    try {
      const r = decodeRemoteWrite(body.subarray(0, n));
      assert.ok(r.points.length < 353, `prefix ${n}`);
    } catch (err) {
      assert.ok(err instanceof RemoteWriteError, `prefix ${n}: ${String(err)}`);
    }
  }
});
