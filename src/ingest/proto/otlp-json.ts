// OTLP/JSON (the protobuf JSON mapping of ExportMetricsServiceRequest, as OTLP/HTTP senders post it)
// → the decoded-request shape of otlp-types.ts, checking every field it reads. Like protobuf's own JSON
// parsers it takes lowerCamelCase or original snake_case field names, 64-bit integers as decimal
// strings or numbers, floats as numbers or "NaN"/"Infinity"/"-Infinity", enums as numbers or names,
// null as "not set", and ignores unknown fields. A field of the wrong JSON type throws an OtlpError
// naming its path (e.g. resourceMetrics[0].scopeMetrics[0].metrics[2].sum.dataPoints[1].asInt).
import {
  type AnyValue,
  type ExportMetricsServiceRequest,
  type HistogramDataPoint,
  type Int64,
  type KeyValue,
  type Metric,
  type NumberDataPoint,
  OtlpError,
  type ResourceMetrics,
  type SummaryDataPoint,
} from './otlp-types.js';

type Obj = Record<string, unknown>;

/** Attribute values nest arrays and key-value lists; deeper than this is abuse, not telemetry. */
export const MAX_ANY_VALUE_DEPTH = 32;

const TEMPORALITIES: Record<string, number> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
  AGGREGATION_TEMPORALITY_DELTA: 1,
  AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
};

const UINT64 = /^\d{1,20}$/;
const INT64 = /^-?\d{1,19}$/;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function fail(path: string, expected: string, got: unknown): never {
  throw new OtlpError(path, `${path}: expected ${expected}, got ${describe(got)}`);
}

/** A field by its JSON name or its proto name; null counts as absent. */
function get(o: Obj, name: string, protoName?: string): unknown {
  const v = Object.hasOwn(o, name) ? o[name] : undefined;
  if (v !== undefined && v !== null) return v;
  if (protoName === undefined || !Object.hasOwn(o, protoName)) return undefined;
  const p = o[protoName];
  return p === null ? undefined : p;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: unknown, path: string): Obj {
  if (!isObj(v)) fail(path, 'an object', v);
  return v;
}

function array(v: unknown, path: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(path, 'an array', v);
  return v;
}

/** Array.map that visits holes too (as undefined), so a sparse array fails its element check. */
function each<T>(a: unknown[], fn: (v: unknown, i: number) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < a.length; i++) out.push(fn(a[i], i));
  return out;
}

function string(v: unknown, path: string): string {
  if (v === undefined) return '';
  if (typeof v !== 'string') fail(path, 'a string', v);
  return v;
}

function boolean(v: unknown, path: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') fail(path, 'a boolean', v);
  return v;
}

function double(v: unknown, path: string): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return Number.NaN;
    if (v === 'Infinity') return Number.POSITIVE_INFINITY;
    if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
    const n = v.trim() === '' ? Number.NaN : Number(v);
    if (!Number.isNaN(n)) return n;
  }
  fail(path, 'a number', v);
}

function uint32(v: unknown, path: string): number {
  if (v === undefined) return 0;
  const n = typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) fail(path, 'a uint32', v);
  return n;
}

function int64(v: unknown, path: string, signed: boolean): Int64 {
  if (v === undefined) return 0;
  if (typeof v === 'string' && (signed ? INT64 : UINT64).test(v)) return v;
  if (typeof v === 'number' && Number.isInteger(v) && (signed || v >= 0)) return v;
  fail(path, signed ? 'an int64 (decimal string or integer)' : 'a uint64 (decimal string or integer)', v);
}

function temporality(v: unknown, path: string): number {
  if (v === undefined) return 0;
  if (typeof v === 'string' && Object.hasOwn(TEMPORALITIES, v)) return TEMPORALITIES[v];
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  fail(path, 'an AggregationTemporality', v);
}

function anyValue(v: unknown, path: string, depth: number): AnyValue {
  const o = object(v, path);
  if (depth > MAX_ANY_VALUE_DEPTH) {
    throw new OtlpError(path, `${path}: attribute value nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  }
  const out: AnyValue = {};
  let set = 0;
  let x = get(o, 'stringValue', 'string_value');
  if (x !== undefined) {
    out.value = 'stringValue';
    out.stringValue = string(x, `${path}.stringValue`);
    set++;
  }
  x = get(o, 'boolValue', 'bool_value');
  if (x !== undefined) {
    out.value = 'boolValue';
    out.boolValue = boolean(x, `${path}.boolValue`);
    set++;
  }
  x = get(o, 'intValue', 'int_value');
  if (x !== undefined) {
    out.value = 'intValue';
    out.intValue = int64(x, `${path}.intValue`, true);
    set++;
  }
  x = get(o, 'doubleValue', 'double_value');
  if (x !== undefined) {
    out.value = 'doubleValue';
    out.doubleValue = double(x, `${path}.doubleValue`);
    set++;
  }
  x = get(o, 'arrayValue', 'array_value');
  if (x !== undefined) {
    const p = `${path}.arrayValue`;
    const values = array(get(object(x, p), 'values'), `${p}.values`);
    out.value = 'arrayValue';
    out.arrayValue = { values: each(values, (e, i) => anyValue(e, `${p}.values[${i}]`, depth + 1)) };
    set++;
  }
  x = get(o, 'kvlistValue', 'kvlist_value');
  if (x !== undefined) {
    const p = `${path}.kvlistValue`;
    out.value = 'kvlistValue';
    out.kvlistValue = { values: keyValues(get(object(x, p), 'values'), `${p}.values`, depth + 1) };
    set++;
  }
  x = get(o, 'bytesValue', 'bytes_value');
  if (x !== undefined) {
    out.value = 'bytesValue';
    out.bytesValue = string(x, `${path}.bytesValue`);
    set++;
  }
  if (set > 1) throw new OtlpError(path, `${path}: more than one member of the value oneof is set`);
  return out;
}

function keyValues(v: unknown, path: string, depth: number): KeyValue[] {
  return each(array(v, path), (e, i) => {
    const p = `${path}[${i}]`;
    const o = object(e, p);
    const value = get(o, 'value');
    return {
      key: string(get(o, 'key'), `${p}.key`),
      value: value === undefined ? null : anyValue(value, `${p}.value`, depth),
    };
  });
}

function pointBase(o: Obj, path: string) {
  return {
    attributes: keyValues(get(o, 'attributes'), `${path}.attributes`, 0),
    timeUnixNano: int64(get(o, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`, false),
    flags: uint32(get(o, 'flags'), `${path}.flags`),
  };
}

function numberPoint(v: unknown, path: string): NumberDataPoint {
  const o = object(v, path);
  const dp: NumberDataPoint = pointBase(o, path);
  const d = get(o, 'asDouble', 'as_double');
  const i = get(o, 'asInt', 'as_int');
  if (d !== undefined && i !== undefined) {
    throw new OtlpError(path, `${path}: both asDouble and asInt are set`);
  }
  if (d !== undefined) {
    dp.value = 'asDouble';
    dp.asDouble = double(d, `${path}.asDouble`);
  } else if (i !== undefined) {
    dp.value = 'asInt';
    dp.asInt = int64(i, `${path}.asInt`, true);
  }
  return dp;
}

function histogramPoint(v: unknown, path: string): HistogramDataPoint {
  const o = object(v, path);
  const sum = get(o, 'sum');
  return {
    ...pointBase(o, path),
    count: int64(get(o, 'count'), `${path}.count`, false),
    sum: sum === undefined ? null : double(sum, `${path}.sum`),
    bucketCounts: each(array(get(o, 'bucketCounts', 'bucket_counts'), `${path}.bucketCounts`), (c, i) =>
      int64(c, `${path}.bucketCounts[${i}]`, false),
    ),
    explicitBounds: each(
      array(get(o, 'explicitBounds', 'explicit_bounds'), `${path}.explicitBounds`),
      (b, i) => double(b, `${path}.explicitBounds[${i}]`),
    ),
  };
}

function summaryPoint(v: unknown, path: string): SummaryDataPoint {
  const o = object(v, path);
  const qpath = `${path}.quantileValues`;
  return {
    ...pointBase(o, path),
    count: int64(get(o, 'count'), `${path}.count`, false),
    sum: double(get(o, 'sum'), `${path}.sum`),
    quantileValues: each(array(get(o, 'quantileValues', 'quantile_values'), qpath), (q, i) => {
      const qo = object(q, `${qpath}[${i}]`);
      return {
        quantile: double(get(qo, 'quantile'), `${qpath}[${i}].quantile`),
        value: double(get(qo, 'value'), `${qpath}[${i}].value`),
      };
    }),
  };
}

function points<T>(o: Obj, path: string, one: (v: unknown, path: string) => T): T[] {
  const p = `${path}.dataPoints`;
  return each(array(get(o, 'dataPoints', 'data_points'), p), (v, i) => one(v, `${p}[${i}]`));
}

function metric(v: unknown, path: string): Metric {
  const o = object(v, path);
  const m: Metric = {
    name: string(get(o, 'name'), `${path}.name`),
    unit: string(get(o, 'unit'), `${path}.unit`),
  };
  let set = 0;
  let x = get(o, 'gauge');
  if (x !== undefined) {
    const p = `${path}.gauge`;
    m.data = 'gauge';
    m.gauge = { dataPoints: points(object(x, p), p, numberPoint) };
    set++;
  }
  x = get(o, 'sum');
  if (x !== undefined) {
    const p = `${path}.sum`;
    const s = object(x, p);
    m.data = 'sum';
    m.sum = {
      dataPoints: points(s, p, numberPoint),
      aggregationTemporality: temporality(
        get(s, 'aggregationTemporality', 'aggregation_temporality'),
        `${p}.aggregationTemporality`,
      ),
      isMonotonic: boolean(get(s, 'isMonotonic', 'is_monotonic'), `${p}.isMonotonic`),
    };
    set++;
  }
  x = get(o, 'histogram');
  if (x !== undefined) {
    const p = `${path}.histogram`;
    const h = object(x, p);
    m.data = 'histogram';
    m.histogram = {
      dataPoints: points(h, p, histogramPoint),
      aggregationTemporality: temporality(
        get(h, 'aggregationTemporality', 'aggregation_temporality'),
        `${p}.aggregationTemporality`,
      ),
    };
    set++;
  }
  x = get(o, 'exponentialHistogram', 'exponential_histogram');
  if (x !== undefined) {
    const p = `${path}.exponentialHistogram`;
    const h = object(x, p);
    m.data = 'exponentialHistogram';
    m.exponentialHistogram = {
      dataPoints: points(h, p, object),
      aggregationTemporality: temporality(
        get(h, 'aggregationTemporality', 'aggregation_temporality'),
        `${p}.aggregationTemporality`,
      ),
    };
    set++;
  }
  x = get(o, 'summary');
  if (x !== undefined) {
    const p = `${path}.summary`;
    m.data = 'summary';
    m.summary = { dataPoints: points(object(x, p), p, summaryPoint) };
    set++;
  }
  if (set > 1) throw new OtlpError(path, `${path}: more than one member of the data oneof is set`);
  return m;
}

function resourceMetrics(v: unknown, path: string): ResourceMetrics {
  const o = object(v, path);
  const r = get(o, 'resource');
  const rpath = `${path}.resource`;
  const spath = `${path}.scopeMetrics`;
  return {
    resource:
      r === undefined
        ? null
        : { attributes: keyValues(get(object(r, rpath), 'attributes'), `${rpath}.attributes`, 0) },
    scopeMetrics: each(array(get(o, 'scopeMetrics', 'scope_metrics'), spath), (s, i) => {
      const sp = `${spath}[${i}]`;
      const mpath = `${sp}.metrics`;
      return {
        metrics: each(array(get(object(s, sp), 'metrics'), mpath), (m, j) => metric(m, `${mpath}[${j}]`)),
      };
    }),
  };
}

/** A parsed OTLP/JSON body → the decoded request; throws OtlpError on a bad shape. */
export function readOtlpJson(body: unknown): ExportMetricsServiceRequest {
  if (!isObj(body)) throw new OtlpError('body', `body: expected a JSON object, got ${describe(body)}`);
  const list = array(get(body, 'resourceMetrics', 'resource_metrics'), 'resourceMetrics');
  return { resourceMetrics: each(list, (rm, i) => resourceMetrics(rm, `resourceMetrics[${i}]`)) };
}
