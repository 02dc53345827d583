// OTLP/HTTP metrics (protobuf or JSON body of an ExportMetricsServiceRequest) → Points, following the
// OpenTelemetry → Prometheus compatibility spec the way Prometheus' own OTLP receiver does:
//  - gauge → gauge; cumulative monotonic sum → counter `name_total`; cumulative non-monotonic sum → gauge;
//  - cumulative histogram → `name_bucket{le}` (cumulative counts, `le="+Inf"` = count), `name_sum` (when
//    set), `name_count`, all counters; summary → `name{quantile}` gauges, `name_sum`, `name_count` counters;
//  - names and attribute keys per prom-names.ts; attribute values stringified per the attribute spec
//    (arrays and maps as JSON); attribute keys that collide once sanitised join their values with `;`
//    in the order of the original keys.
//  - resource: `service.name` (prefixed `service.namespace/` when set) → `job`, `service.instance.id` →
//    `instance`, `host.name` → `host`; every other resource attribute → a label. A data point's own
//    attribute beats a resource attribute of the same name; job/instance/host beat both. Empty values
//    are left out (Prometheus reads an empty label as no label).
//  - time_unix_nano → ms (rounded down); 0 → opts.now.
// Rejected, counted (data points, as OTLP partial success counts them) and explained in `errors`:
//  - delta sums and histograms: a cumulative series cannot be rebuilt from deltas without keeping state
//    per series across requests (and across restarts); Prometheus' receiver rejects them too. Senders
//    switch with temporality preference `cumulative` (the OTel SDK default).
//  - exponential histograms: they map to Prometheus native histograms, which the store cannot hold;
//    converting them to classic buckets would give series whose `le` set changes with the scale.
//  - points flagged NO_RECORDED_VALUE, NaN values, points without a value, histograms whose bucket
//    counts do not match their bounds, metrics whose name has no valid character.
// A summary quantile whose value is NaN (no observations in its window) is left out silently.
import type { Point } from '../store/tsdb/tsdb.js';
import { formatPromFloat, type PromMetricKind, promLabelName, promMetricName } from './prom-names.js';
import { ExportMetricsServiceRequestType, ExportMetricsServiceResponseType } from './proto/codecs.js';
import { MAX_ANY_VALUE_DEPTH, readOtlpJson } from './proto/otlp-json.js';
import {
  type AnyValue,
  type ExportMetricsServiceRequest,
  FLAG_NO_RECORDED_VALUE,
  type HistogramDataPoint,
  type Int64,
  int64ToNumber,
  int64ToString,
  type KeyValue,
  type Metric,
  type NumberDataPoint,
  nanosToMillis,
  OtlpError,
  type SummaryDataPoint,
  TEMPORALITY_CUMULATIVE,
  TEMPORALITY_DELTA,
} from './proto/otlp-types.js';

export { OtlpError };

export interface DecodeResult {
  points: Point[];
  /** Data points (OTLP) or samples (remote write) that were dropped. */
  rejected: number;
  /** The first few reasons, each naming the metric and data point. */
  errors: string[];
}

export interface OtlpDecodeOptions {
  /** Unix ms given to data points whose time_unix_nano is 0. */
  now: number;
}

const MAX_ERRORS = 10;
const NAME_IN_ERROR_MAX = 120;

const RESOURCE_IDENTITY = new Set(['service.name', 'service.namespace', 'service.instance.id', 'host.name']);

/** Labels a resource gives each of its points: `base` under the point's attributes, `identity` over them. */
interface Target {
  base: Record<string, string>;
  identity: Record<string, string>;
}

class Batch {
  readonly points: Point[] = [];
  rejected = 0;
  readonly errors: string[] = [];

  constructor(readonly now: number) {}

  ts(t: Int64): number {
    const ms = nanosToMillis(t);
    return ms === 0 ? this.now : ms;
  }

  reject(m: Metric, first: number, count: number, reason: string): void {
    if (count <= 0) return;
    this.rejected += count;
    if (this.errors.length >= MAX_ERRORS) return;
    const name = m.name.length > NAME_IN_ERROR_MAX ? `${m.name.slice(0, NAME_IN_ERROR_MAX)}…` : m.name;
    const which = count === 1 ? `data point ${first}` : `data points ${first}-${first + count - 1}`;
    this.errors.push(`metric "${name}" ${which}: ${reason}`);
  }
}

function base64(b: Uint8Array | string | undefined): string {
  if (b === undefined) return '';
  return typeof b === 'string' ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

function anyValueJson(v: AnyValue | null | undefined, depth: number): unknown {
  if (!v) return null;
  if (depth > MAX_ANY_VALUE_DEPTH) {
    throw new OtlpError('attributes', `attribute value nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  }
  switch (v.value) {
    case 'stringValue':
      return v.stringValue ?? '';
    case 'boolValue':
      return v.boolValue === true;
    case 'intValue': {
      const n = int64ToNumber(v.intValue ?? 0);
      return Number.isSafeInteger(n) ? n : int64ToString(v.intValue ?? 0);
    }
    case 'doubleValue':
      return v.doubleValue ?? 0;
    case 'bytesValue':
      return base64(v.bytesValue);
    case 'arrayValue':
      return (v.arrayValue?.values ?? []).map((e) => anyValueJson(e, depth + 1));
    case 'kvlistValue':
      return Object.fromEntries(
        (v.kvlistValue?.values ?? []).map((kv) => [kv.key, anyValueJson(kv.value, depth + 1)]),
      );
    default:
      return null;
  }
}

/** An attribute value as a label value: scalars as text, arrays and maps as JSON, empty as ''. */
function anyValueString(v: AnyValue | null | undefined): string {
  if (!v) return '';
  switch (v.value) {
    case 'stringValue':
      return v.stringValue ?? '';
    case 'boolValue':
      return v.boolValue === true ? 'true' : 'false';
    case 'intValue':
      return int64ToString(v.intValue ?? 0);
    case 'doubleValue':
      return formatPromFloat(v.doubleValue ?? 0);
    case 'bytesValue':
      return base64(v.bytesValue);
    case 'arrayValue':
    case 'kvlistValue':
      return JSON.stringify(anyValueJson(v, 0));
    default:
      return '';
  }
}

function attributeLabels(attrs: readonly KeyValue[], skip?: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  let clashes: Set<string> | undefined;
  for (const kv of attrs) {
    if (skip?.has(kv.key)) continue;
    const name = promLabelName(kv.key);
    if (name === '') continue;
    if (!Object.hasOwn(out, name)) out[name] = anyValueString(kv.value);
    else {
      clashes ??= new Set();
      clashes.add(name);
    }
  }
  if (clashes) {
    for (const name of clashes) {
      const same = attrs.filter((kv) => !skip?.has(kv.key) && promLabelName(kv.key) === name);
      same.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      out[name] = same.map((kv) => anyValueString(kv.value)).join(';');
    }
  }
  return out;
}

function resourceTarget(attrs: readonly KeyValue[]): Target {
  let service: string | undefined;
  let namespace: string | undefined;
  let instance: string | undefined;
  let host: string | undefined;
  for (const kv of attrs) {
    if (kv.key === 'service.name') service = anyValueString(kv.value);
    else if (kv.key === 'service.namespace') namespace = anyValueString(kv.value);
    else if (kv.key === 'service.instance.id') instance = anyValueString(kv.value);
    else if (kv.key === 'host.name') host = anyValueString(kv.value);
  }
  const identity: Record<string, string> = {};
  if (service) identity.job = namespace ? `${namespace}/${service}` : service;
  if (instance) identity.instance = instance;
  if (host) identity.host = host;
  return { base: attributeLabels(attrs, RESOURCE_IDENTITY), identity };
}

function pointLabels(t: Target, attrs: readonly KeyValue[]): Record<string, string> {
  const merged = Object.assign({}, t.base, attrs.length > 0 ? attributeLabels(attrs) : undefined, t.identity);
  for (const k in merged) {
    if (merged[k] !== '') continue;
    const out: Record<string, string> = {};
    for (const j in merged) if (merged[j] !== '') out[j] = merged[j];
    return out;
  }
  return merged;
}

/** The metric's Prometheus name, or null after rejecting all its points. */
function metricName(b: Batch, m: Metric, kind: PromMetricKind, points: number): string | null {
  const name = promMetricName(m.name, m.unit, kind);
  if (name !== '') return name;
  b.reject(m, 0, points, 'metric name has no character valid in a Prometheus name');
  return null;
}

/** Whether a sum/histogram is cumulative; rejects all its points when it is not. */
function cumulative(b: Batch, m: Metric, temporality: number, points: number): boolean {
  if (temporality === TEMPORALITY_CUMULATIVE) return true;
  const reason =
    temporality === TEMPORALITY_DELTA
      ? 'delta temporality is not supported (as in Prometheus): export with cumulative temporality'
      : `aggregation temporality ${temporality} is neither cumulative nor delta`;
  b.reject(m, 0, points, reason);
  return false;
}

function numberPoints(
  b: Batch,
  m: Metric,
  dps: readonly NumberDataPoint[],
  t: Target,
  name: string,
  type: 'counter' | 'gauge',
): void {
  for (let i = 0; i < dps.length; i++) {
    const dp = dps[i];
    if (dp.flags & FLAG_NO_RECORDED_VALUE) {
      b.reject(m, i, 1, 'flagged NO_RECORDED_VALUE');
      continue;
    }
    let value: number;
    if (dp.value === 'asDouble') value = dp.asDouble ?? 0;
    else if (dp.value === 'asInt') value = int64ToNumber(dp.asInt ?? 0);
    else {
      b.reject(m, i, 1, 'neither asDouble nor asInt is set');
      continue;
    }
    if (Number.isNaN(value)) {
      b.reject(m, i, 1, 'value is NaN');
      continue;
    }
    b.points.push({ name, labels: pointLabels(t, dp.attributes), value, ts: b.ts(dp.timeUnixNano), type });
  }
}

function bucketProblem(dp: HistogramDataPoint): string | null {
  const counts = dp.bucketCounts.length;
  const bounds = dp.explicitBounds;
  if (counts !== 0 || bounds.length !== 0) {
    if (counts !== bounds.length + 1) return `${counts} bucket counts for ${bounds.length} explicit bounds`;
  }
  for (let j = 0; j < bounds.length; j++) {
    if (Number.isNaN(bounds[j]) || (j > 0 && !(bounds[j] > bounds[j - 1]))) {
      return 'explicit bounds are not strictly increasing';
    }
  }
  return null;
}

function histogramPoints(
  b: Batch,
  m: Metric,
  dps: readonly HistogramDataPoint[],
  t: Target,
  name: string,
): void {
  const bucket = `${name}_bucket`;
  for (let i = 0; i < dps.length; i++) {
    const dp = dps[i];
    if (dp.flags & FLAG_NO_RECORDED_VALUE) {
      b.reject(m, i, 1, 'flagged NO_RECORDED_VALUE');
      continue;
    }
    const problem = bucketProblem(dp);
    if (problem !== null) {
      b.reject(m, i, 1, problem);
      continue;
    }
    const labels = pointLabels(t, dp.attributes);
    const ts = b.ts(dp.timeUnixNano);
    const bounds = dp.explicitBounds;
    let cumulativeCount = 0;
    for (let j = 0; j < bounds.length; j++) {
      cumulativeCount += int64ToNumber(dp.bucketCounts[j]);
      // A +Inf bound is the +Inf bucket, written once below from `count`.
      if (bounds[j] === Number.POSITIVE_INFINITY) continue;
      const le = formatPromFloat(bounds[j]);
      b.points.push({ name: bucket, labels: { ...labels, le }, value: cumulativeCount, ts, type: 'counter' });
    }
    const count = int64ToNumber(dp.count);
    b.points.push({ name: bucket, labels: { ...labels, le: '+Inf' }, value: count, ts, type: 'counter' });
    if (dp.sum !== null && dp.sum !== undefined && !Number.isNaN(dp.sum)) {
      b.points.push({ name: `${name}_sum`, labels: { ...labels }, value: dp.sum, ts, type: 'counter' });
    }
    b.points.push({ name: `${name}_count`, labels, value: count, ts, type: 'counter' });
  }
}

function summaryPoints(b: Batch, m: Metric, dps: readonly SummaryDataPoint[], t: Target, name: string): void {
  for (let i = 0; i < dps.length; i++) {
    const dp = dps[i];
    if (dp.flags & FLAG_NO_RECORDED_VALUE) {
      b.reject(m, i, 1, 'flagged NO_RECORDED_VALUE');
      continue;
    }
    const labels = pointLabels(t, dp.attributes);
    const ts = b.ts(dp.timeUnixNano);
    for (const q of dp.quantileValues) {
      if (Number.isNaN(q.value)) continue;
      const quantile = formatPromFloat(q.quantile);
      b.points.push({ name, labels: { ...labels, quantile }, value: q.value, ts, type: 'gauge' });
    }
    if (!Number.isNaN(dp.sum)) {
      b.points.push({ name: `${name}_sum`, labels: { ...labels }, value: dp.sum, ts, type: 'counter' });
    }
    b.points.push({ name: `${name}_count`, labels, value: int64ToNumber(dp.count), ts, type: 'counter' });
  }
}

function mapMetric(b: Batch, m: Metric, t: Target): void {
  switch (m.data) {
    case 'gauge': {
      const dps = m.gauge?.dataPoints ?? [];
      const name = metricName(b, m, 'gauge', dps.length);
      if (name !== null) numberPoints(b, m, dps, t, name, 'gauge');
      return;
    }
    case 'sum': {
      const s = m.sum;
      const dps = s?.dataPoints ?? [];
      if (!s || !cumulative(b, m, s.aggregationTemporality, dps.length)) return;
      const name = metricName(b, m, s.isMonotonic ? 'counter' : 'other', dps.length);
      if (name !== null) numberPoints(b, m, dps, t, name, s.isMonotonic ? 'counter' : 'gauge');
      return;
    }
    case 'histogram': {
      const h = m.histogram;
      const dps = h?.dataPoints ?? [];
      if (!h || !cumulative(b, m, h.aggregationTemporality, dps.length)) return;
      const name = metricName(b, m, 'other', dps.length);
      if (name !== null) histogramPoints(b, m, dps, t, name);
      return;
    }
    case 'exponentialHistogram': {
      const n = m.exponentialHistogram?.dataPoints.length ?? 0;
      b.reject(
        m,
        0,
        n,
        'exponential histograms are not supported: use an explicit-bucket histogram aggregation',
      );
      return;
    }
    case 'summary': {
      const dps = m.summary?.dataPoints ?? [];
      const name = metricName(b, m, 'other', dps.length);
      if (name !== null) summaryPoints(b, m, dps, t, name);
      return;
    }
    default:
      // A metric with no data carries no points: nothing to store, nothing rejected.
      return;
  }
}

function mapRequest(req: ExportMetricsServiceRequest, now: number): DecodeResult {
  const b = new Batch(now);
  for (const rm of req.resourceMetrics) {
    const target = resourceTarget(rm.resource?.attributes ?? []);
    for (const sm of rm.scopeMetrics) {
      for (const m of sm.metrics) mapMetric(b, m, target);
    }
  }
  return { points: b.points, rejected: b.rejected, errors: b.errors };
}

/** An OTLP/HTTP protobuf body → Points; throws OtlpError when the bytes are not an ExportMetricsServiceRequest. */
export function decodeOtlpProtobuf(body: Uint8Array, opts: OtlpDecodeOptions): DecodeResult {
  let req: ExportMetricsServiceRequest;
  try {
    // protobufjs' decoded messages have the fields (and Longs) otlp-types.ts declares.
    req = ExportMetricsServiceRequestType.decode(body) as unknown as ExportMetricsServiceRequest;
  } catch (err) {
    throw new OtlpError('body', `invalid OTLP protobuf: ${err instanceof Error ? err.message : String(err)}`);
  }
  return mapRequest(req, opts.now);
}

/** A parsed OTLP/JSON body → Points; throws OtlpError naming the field when the shape is wrong. */
export function decodeOtlpJson(body: unknown, opts: OtlpDecodeOptions): DecodeResult {
  return mapRequest(readOtlpJson(body), opts.now);
}

/** The `partial_success` an OTLP/HTTP response carries for a result, or undefined when all was taken. */
function partialSuccess(r: Pick<DecodeResult, 'rejected' | 'errors'>) {
  if (r.rejected === 0 && r.errors.length === 0) return undefined;
  return { rejectedDataPoints: r.rejected, errorMessage: r.errors.join('; ') };
}

/** The protobuf ExportMetricsServiceResponse body for a decode result. */
export function encodeOtlpResponse(r: Pick<DecodeResult, 'rejected' | 'errors'>): Uint8Array {
  const ps = partialSuccess(r);
  return ExportMetricsServiceResponseType.encode(
    ExportMetricsServiceResponseType.fromObject(ps ? { partialSuccess: ps } : {}),
  ).finish();
}

/** The OTLP/JSON ExportMetricsServiceResponse body for a decode result (int64 as a decimal string). */
export function otlpJsonResponse(r: Pick<DecodeResult, 'rejected' | 'errors'>): {
  partialSuccess?: { rejectedDataPoints: string; errorMessage: string };
} {
  const ps = partialSuccess(r);
  return ps
    ? { partialSuccess: { rejectedDataPoints: String(ps.rejectedDataPoints), errorMessage: ps.errorMessage } }
    : {};
}
