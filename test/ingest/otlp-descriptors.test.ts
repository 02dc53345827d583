// The embedded descriptors (src/ingest/proto/descriptors.ts) must be exactly what the .proto files beside
// them say; UPDATE_PROTO_DESCRIPTORS=1 rewrites them (then run biome format on the file). The field
// numbers and wire types that matter are checked against the upstream files by hand
// (opentelemetry-proto v1.x metrics/common/resource/collector, prometheus prompb).
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { DESCRIPTORS } from '../../src/ingest/proto/descriptors.js';

const DIR = new URL('../../src/ingest/proto/', import.meta.url);
const HEADER = `// Generated from the .proto files beside this file (protobufjs Root.toJSON of metrics_service.proto and
// remote.proto with their imports), so the decoders need no .proto files at run time (tsc copies none to
// dist/). test/ingest/otlp-descriptors.test.ts fails when this and the .proto files disagree; run it with
// UPDATE_PROTO_DESCRIPTORS=1 to rewrite this file.
`;

function loadProtos(): protobuf.Root {
  const root = new protobuf.Root();
  root.loadSync(['metrics_service.proto', 'remote.proto'].map((f) => fileURLToPath(new URL(f, DIR))));
  root.resolveAll();
  return root;
}

test('descriptors.ts equals the .proto files, and every .proto file is used', () => {
  const root = loadProtos();
  const fromProto = JSON.parse(JSON.stringify(root.toJSON()));
  if (process.env.UPDATE_PROTO_DESCRIPTORS === '1') {
    const text = `${HEADER}export const DESCRIPTORS = ${JSON.stringify(fromProto, null, 2)};\n`;
    writeFileSync(new URL('descriptors.ts', DIR), text);
    return;
  }
  assert.deepEqual(JSON.parse(JSON.stringify(DESCRIPTORS)), fromProto);
  const files = readdirSync(DIR).filter((f) => f.endsWith('.proto'));
  const loaded = root.files.map((f) => f.split('/').pop());
  assert.deepEqual([...loaded].sort(), [...files].sort());
});

test('field numbers and types match upstream', () => {
  const root = protobuf.Root.fromJSON(DESCRIPTORS);
  const expect: [message: string, field: string, id: number, type: string, repeated: boolean][] = [
    [
      'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
      'resourceMetrics',
      1,
      'opentelemetry.proto.metrics.v1.ResourceMetrics',
      true,
    ],
    [
      'opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess',
      'rejectedDataPoints',
      1,
      'int64',
      false,
    ],
    [
      'opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess',
      'errorMessage',
      2,
      'string',
      false,
    ],
    [
      'opentelemetry.proto.metrics.v1.ResourceMetrics',
      'resource',
      1,
      'opentelemetry.proto.resource.v1.Resource',
      false,
    ],
    [
      'opentelemetry.proto.metrics.v1.ResourceMetrics',
      'scopeMetrics',
      2,
      'opentelemetry.proto.metrics.v1.ScopeMetrics',
      true,
    ],
    [
      'opentelemetry.proto.metrics.v1.ScopeMetrics',
      'metrics',
      2,
      'opentelemetry.proto.metrics.v1.Metric',
      true,
    ],
    ['opentelemetry.proto.metrics.v1.Metric', 'name', 1, 'string', false],
    ['opentelemetry.proto.metrics.v1.Metric', 'unit', 3, 'string', false],
    ['opentelemetry.proto.metrics.v1.Metric', 'gauge', 5, 'opentelemetry.proto.metrics.v1.Gauge', false],
    ['opentelemetry.proto.metrics.v1.Metric', 'sum', 7, 'opentelemetry.proto.metrics.v1.Sum', false],
    [
      'opentelemetry.proto.metrics.v1.Metric',
      'histogram',
      9,
      'opentelemetry.proto.metrics.v1.Histogram',
      false,
    ],
    [
      'opentelemetry.proto.metrics.v1.Metric',
      'exponentialHistogram',
      10,
      'opentelemetry.proto.metrics.v1.ExponentialHistogram',
      false,
    ],
    ['opentelemetry.proto.metrics.v1.Metric', 'summary', 11, 'opentelemetry.proto.metrics.v1.Summary', false],
    [
      'opentelemetry.proto.metrics.v1.Sum',
      'aggregationTemporality',
      2,
      'opentelemetry.proto.metrics.v1.AggregationTemporality',
      false,
    ],
    ['opentelemetry.proto.metrics.v1.Sum', 'isMonotonic', 3, 'bool', false],
    [
      'opentelemetry.proto.metrics.v1.NumberDataPoint',
      'attributes',
      7,
      'opentelemetry.proto.common.v1.KeyValue',
      true,
    ],
    ['opentelemetry.proto.metrics.v1.NumberDataPoint', 'timeUnixNano', 3, 'fixed64', false],
    ['opentelemetry.proto.metrics.v1.NumberDataPoint', 'asDouble', 4, 'double', false],
    ['opentelemetry.proto.metrics.v1.NumberDataPoint', 'asInt', 6, 'sfixed64', false],
    ['opentelemetry.proto.metrics.v1.NumberDataPoint', 'flags', 8, 'uint32', false],
    [
      'opentelemetry.proto.metrics.v1.HistogramDataPoint',
      'attributes',
      9,
      'opentelemetry.proto.common.v1.KeyValue',
      true,
    ],
    ['opentelemetry.proto.metrics.v1.HistogramDataPoint', 'count', 4, 'fixed64', false],
    ['opentelemetry.proto.metrics.v1.HistogramDataPoint', 'sum', 5, 'double', false],
    ['opentelemetry.proto.metrics.v1.HistogramDataPoint', 'bucketCounts', 6, 'fixed64', true],
    ['opentelemetry.proto.metrics.v1.HistogramDataPoint', 'explicitBounds', 7, 'double', true],
    ['opentelemetry.proto.metrics.v1.HistogramDataPoint', 'flags', 10, 'uint32', false],
    [
      'opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint',
      'attributes',
      1,
      'opentelemetry.proto.common.v1.KeyValue',
      true,
    ],
    [
      'opentelemetry.proto.metrics.v1.SummaryDataPoint',
      'attributes',
      7,
      'opentelemetry.proto.common.v1.KeyValue',
      true,
    ],
    ['opentelemetry.proto.metrics.v1.SummaryDataPoint', 'sum', 5, 'double', false],
    [
      'opentelemetry.proto.metrics.v1.SummaryDataPoint',
      'quantileValues',
      6,
      'opentelemetry.proto.metrics.v1.SummaryDataPoint.ValueAtQuantile',
      true,
    ],
    ['opentelemetry.proto.metrics.v1.SummaryDataPoint', 'flags', 8, 'uint32', false],
    ['opentelemetry.proto.common.v1.AnyValue', 'intValue', 3, 'int64', false],
    ['opentelemetry.proto.common.v1.AnyValue', 'bytesValue', 7, 'bytes', false],
    [
      'opentelemetry.proto.resource.v1.Resource',
      'attributes',
      1,
      'opentelemetry.proto.common.v1.KeyValue',
      true,
    ],
    ['prometheus.WriteRequest', 'timeseries', 1, 'prometheus.TimeSeries', true],
    ['prometheus.WriteRequest', 'metadata', 3, 'prometheus.MetricMetadata', true],
    ['prometheus.TimeSeries', 'labels', 1, 'prometheus.Label', true],
    ['prometheus.TimeSeries', 'samples', 2, 'prometheus.Sample', true],
    ['prometheus.TimeSeries', 'histograms', 4, 'prometheus.Histogram', true],
    ['prometheus.Sample', 'value', 1, 'double', false],
    ['prometheus.Sample', 'timestamp', 2, 'int64', false],
    ['prometheus.Histogram', 'timestamp', 15, 'int64', false],
  ];
  for (const [message, field, id, type, repeated] of expect) {
    const f = root.lookupType(message).fields[field];
    assert.ok(f, `${message}.${field} missing`);
    f.resolve();
    const full = f.resolvedType ? f.resolvedType.fullName.slice(1) : f.type;
    assert.deepEqual([f.id, full, f.repeated], [id, type, repeated], `${message}.${field}`);
  }
  const dp = root.lookupType('opentelemetry.proto.metrics.v1.HistogramDataPoint');
  assert.equal(dp.fields.sum.options?.proto3_optional, true, 'HistogramDataPoint.sum is proto3 optional');
  const temporality = root.lookupEnum('opentelemetry.proto.metrics.v1.AggregationTemporality');
  assert.deepEqual(
    { ...temporality.values },
    {
      AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
      AGGREGATION_TEMPORALITY_DELTA: 1,
      AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
    },
  );
});
