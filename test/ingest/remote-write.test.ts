// Remote write 1.0 bodies built with the project's protobufjs WriteRequest type and snappyjs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import snappyjs from 'snappyjs';
import { WriteRequestType } from '../../src/ingest/proto/codecs.js';
import { decodeRemoteWrite, RemoteWriteError } from '../../src/ingest/remote-write.js';

function body(req: object): Uint8Array {
  return snappyjs.compress(WriteRequestType.encode(WriteRequestType.fromObject(req)).finish());
}

const labels = (o: Record<string, string>) => Object.entries(o).map(([name, value]) => ({ name, value }));
// Prometheus' staleness marker: a NaN with a payload (0x7ff0000000000002).
const STALE_NAN = new Float64Array(new BigUint64Array([0x7ff0000000000002n]).buffer)[0];

describe('decodeRemoteWrite', () => {
  test('__name__ → name, other labels → labels, each sample → a point with its ms timestamp', () => {
    const r = decodeRemoteWrite(
      body({
        timeseries: [
          {
            labels: labels({ __name__: 'node_load1', instance: 'a:9100', job: 'node' }),
            samples: [
              { value: 0.5, timestamp: 1700000000123 },
              { value: 0.75, timestamp: 1700000015123 },
            ],
          },
          {
            labels: labels({ __name__: 'up', job: 'node' }),
            samples: [{ value: 1, timestamp: '9007199254740991' }],
          },
        ],
      }),
    );
    assert.deepEqual(r, {
      points: [
        { name: 'node_load1', labels: { instance: 'a:9100', job: 'node' }, value: 0.5, ts: 1700000000123 },
        { name: 'node_load1', labels: { instance: 'a:9100', job: 'node' }, value: 0.75, ts: 1700000015123 },
        { name: 'up', labels: { job: 'node' }, value: 1, ts: Number.MAX_SAFE_INTEGER },
      ],
      rejected: 0,
      errors: [],
    });
  });

  test('a staleness marker stays NaN; negative, zero and infinite values stay as sent', () => {
    const r = decodeRemoteWrite(
      body({
        timeseries: [
          {
            labels: labels({ __name__: 'x' }),
            samples: [
              { value: STALE_NAN, timestamp: 1 },
              { value: -2.5, timestamp: 2 },
              { value: 0, timestamp: 3 },
              { value: Number.NEGATIVE_INFINITY, timestamp: 4 },
            ],
          },
        ],
      }),
    );
    assert.ok(Number.isNaN(r.points[0].value));
    assert.deepEqual(
      r.points.slice(1).map((p) => p.value),
      [-2.5, 0, Number.NEGATIVE_INFINITY],
    );
    assert.equal(r.rejected, 0);
  });

  test('metadata is ignored; a metadata-only request gives nothing and rejects nothing', () => {
    const r = decodeRemoteWrite(
      body({ metadata: [{ type: 1, metricFamilyName: 'http_requests_total', help: 'Requests.', unit: '' }] }),
    );
    assert.deepEqual(r, { points: [], rejected: 0, errors: [] });
  });

  test('native histograms are ignored and counted; the series keeps its float samples', () => {
    const r = decodeRemoteWrite(
      body({
        timeseries: [
          {
            labels: labels({ __name__: 'rpc_seconds', job: 'api' }),
            samples: [{ value: 3, timestamp: 10 }],
            histograms: [
              {
                countInt: 3,
                sum: 1.5,
                schema: 3,
                positiveSpans: [{ offset: 0, length: 1 }],
                positiveDeltas: [3],
                timestamp: 10,
              },
              { countInt: 4, sum: 2, schema: 3, timestamp: 20 },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(r.points, [{ name: 'rpc_seconds', labels: { job: 'api' }, value: 3, ts: 10 }]);
    assert.equal(r.rejected, 2);
    assert.deepEqual(r.errors, ['series 0 "rpc_seconds": native histograms are not supported']);
  });

  test('series without a valid name or with bad labels are rejected, all their samples counted', () => {
    const two = [
      { value: 1, timestamp: 1 },
      { value: 2, timestamp: 2 },
    ];
    const r = decodeRemoteWrite(
      body({
        timeseries: [
          { labels: labels({ job: 'x' }), samples: two },
          { labels: labels({ __name__: '1abc' }), samples: two },
          { labels: labels({ __name__: 'ok', 'a-b': 'v' }), samples: two },
          { labels: labels({ __name__: 'ok', __meta_x: 'v' }), samples: two },
          { labels: [...labels({ __name__: 'ok', a: '1' }), { name: 'a', value: '2' }], samples: two },
          { labels: labels({ __name__: '' }), samples: two },
          { labels: labels({ __name__: 'good', empty: '' }), samples: [{ value: 5, timestamp: 5 }] },
        ],
      }),
    );
    assert.deepEqual(r.points, [{ name: 'good', labels: {}, value: 5, ts: 5 }]);
    assert.equal(r.rejected, 12);
    assert.deepEqual(r.errors, [
      'series 0: no __name__ label',
      'series 1: invalid metric name "1abc"',
      'series 2: invalid label name "a-b"',
      'series 3: invalid label name "__meta_x"',
      'series 4: label a appears twice',
      'series 5: no __name__ label',
    ]);
  });

  test('points of one series share one labels object; different series do not', () => {
    const r = decodeRemoteWrite(
      body({
        timeseries: [
          {
            labels: labels({ __name__: 'a', k: 'v' }),
            samples: [
              { value: 1, timestamp: 1 },
              { value: 2, timestamp: 2 },
            ],
          },
          { labels: labels({ __name__: 'b', k: 'v' }), samples: [{ value: 1, timestamp: 1 }] },
        ],
      }),
    );
    assert.equal(r.points[0].labels, r.points[1].labels);
    assert.notEqual(r.points[0].labels, r.points[2].labels);
  });

  test('bad snappy → RemoteWriteError naming snappy', () => {
    for (const bad of [
      new Uint8Array(),
      Uint8Array.from([10, 0x00, 0x61]),
      Uint8Array.from([10, 252, 0xf0, 0xff, 0xff, 0xff, 1, 2, 3]),
    ]) {
      assert.throws(
        () => decodeRemoteWrite(bad),
        (err: unknown) => err instanceof RemoteWriteError && /invalid snappy body/.test(err.message),
      );
    }
  });

  test('an uncompressed protobuf body (a common client mistake) → RemoteWriteError', () => {
    const raw = WriteRequestType.encode(
      WriteRequestType.fromObject({
        timeseries: [{ labels: labels({ __name__: 'up' }), samples: [{ value: 1, timestamp: 1 }] }],
      }),
    ).finish();
    assert.throws(() => decodeRemoteWrite(raw), RemoteWriteError);
  });

  test('valid snappy holding bytes that are not a WriteRequest → RemoteWriteError naming protobuf', () => {
    assert.throws(
      () => decodeRemoteWrite(snappyjs.compress(Uint8Array.from([0x0a, 0x64, 1, 2, 3]))),
      (err: unknown) => err instanceof RemoteWriteError && /invalid WriteRequest protobuf/.test(err.message),
    );
  });

  test('a body decompressing past maxDecompressedBytes → RemoteWriteError', () => {
    const b = body({
      timeseries: [{ labels: labels({ __name__: 'x'.repeat(2000) }), samples: [{ value: 1, timestamp: 1 }] }],
    });
    assert.throws(() => decodeRemoteWrite(b, { maxDecompressedBytes: 1000 }), RemoteWriteError);
    assert.equal(decodeRemoteWrite(b, { maxDecompressedBytes: 3000 }).points.length, 1);
  });
});
