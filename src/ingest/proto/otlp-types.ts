// The decoded shape of an OTLP ExportMetricsServiceRequest, as protobufjs yields it from the protobuf
// encoding (camelCase fields, 64-bit integers as Long, a oneof's set member named by its virtual
// field) and as otlp-json.ts builds it from OTLP/JSON (64-bit integers as numbers or decimal strings).
// Only the fields the mapping reads are declared.

/** OTLP request decoding failed; `field` names where (a JSON path, or `body` for protobuf bytes). */
export class OtlpError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'OtlpError';
  }
}

/** protobufjs' Long, reduced to its bits. */
export interface LongBits {
  low: number;
  high: number;
  unsigned: boolean;
}

/** A 64-bit integer: a Long from protobuf, a number or a decimal string from JSON. */
export type Int64 = number | string | LongBits;

export interface KeyValue {
  key: string;
  value?: AnyValue | null;
}

export type AnyValueCase =
  | 'stringValue'
  | 'boolValue'
  | 'intValue'
  | 'doubleValue'
  | 'arrayValue'
  | 'kvlistValue'
  | 'bytesValue';

export interface AnyValue {
  /** The member of the `value` oneof that is set, if any. */
  value?: AnyValueCase;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: Int64;
  doubleValue?: number;
  arrayValue?: { values: AnyValue[] } | null;
  kvlistValue?: { values: KeyValue[] } | null;
  /** Raw bytes from protobuf, base64 text from JSON. */
  bytesValue?: Uint8Array | string;
}

interface DataPointBase {
  attributes: KeyValue[];
  timeUnixNano: Int64;
  flags: number;
}

export interface NumberDataPoint extends DataPointBase {
  value?: 'asDouble' | 'asInt';
  asDouble?: number;
  asInt?: Int64;
}

export interface HistogramDataPoint extends DataPointBase {
  count: Int64;
  sum?: number | null;
  bucketCounts: Int64[];
  explicitBounds: number[];
}

export interface SummaryDataPoint extends DataPointBase {
  count: Int64;
  sum: number;
  quantileValues: { quantile: number; value: number }[];
}

export type MetricDataCase = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';

export interface Metric {
  name: string;
  unit: string;
  /** The member of the `data` oneof that is set, if any. */
  data?: MetricDataCase;
  gauge?: { dataPoints: NumberDataPoint[] } | null;
  sum?: { dataPoints: NumberDataPoint[]; aggregationTemporality: number; isMonotonic: boolean } | null;
  histogram?: { dataPoints: HistogramDataPoint[]; aggregationTemporality: number } | null;
  /** Exponential histogram points are only counted, so their fields stay undeclared. */
  exponentialHistogram?: { dataPoints: unknown[]; aggregationTemporality: number } | null;
  summary?: { dataPoints: SummaryDataPoint[] } | null;
}

export interface ResourceMetrics {
  resource?: { attributes: KeyValue[] } | null;
  scopeMetrics: { metrics: Metric[] }[];
}

export interface ExportMetricsServiceRequest {
  resourceMetrics: ResourceMetrics[];
}

export const TEMPORALITY_DELTA = 1;
export const TEMPORALITY_CUMULATIVE = 2;
export const FLAG_NO_RECORDED_VALUE = 1;

/** An Int64 as a float (exact up to 2^53, nearest above). */
export function int64ToNumber(v: Int64): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  return (v.unsigned ? v.high >>> 0 : v.high) * 4294967296 + (v.low >>> 0);
}

/** An Int64 in exact decimal. */
export function int64ToString(v: Int64): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : BigInt(Math.trunc(v)).toString();
  const bits = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return (v.unsigned ? bits : BigInt.asIntN(64, bits)).toString();
}

/** Unix nanoseconds (an unsigned 64-bit count) → unix milliseconds, rounded down exactly. */
export function nanosToMillis(v: Int64): number {
  if (typeof v === 'number') return Math.floor(v / 1e6);
  if (typeof v === 'string') return v.length <= 6 ? 0 : Number(v.slice(0, -6));
  // 2^32 = 4294·10^6 + 967296, so ns/10^6 = high·4294 + (high·967296 + low)/10^6, every term exact in a double.
  const high = v.high >>> 0;
  return high * 4294 + Math.floor((high * 967296 + (v.low >>> 0)) / 1e6);
}
