// Prometheus remote write 1.0 (a snappy-compressed prometheus.WriteRequest) → Points: `__name__` is the
// name, the other labels are the labels, each sample a point (timestamps are ms already). Values are kept
// as sent, so a staleness marker stays NaN. Points have no `type`: remote write 1.0 carries none with
// the samples (metadata travels in separate requests and is ignored here).
// Rejected, counted (samples) and explained in `errors`: native histograms (the store holds floats
// only), and every sample of a series without `__name__`, with an invalid metric or label name, a
// reserved `__` label, or a label name twice. Empty label values are dropped (no label, to Prometheus).
import type { Point } from '../store/tsdb/tsdb.js';
import type { DecodeResult } from './otlp.js';
import { WriteRequestType } from './proto/codecs.js';
import { type Int64, int64ToNumber } from './proto/otlp-types.js';
import { snappyUncompress } from './proto/snappy.js';

export class RemoteWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RemoteWriteError';
  }
}

export interface RemoteWriteOptions {
  /** Largest decompressed body accepted (default 64 MiB). */
  maxDecompressedBytes?: number;
}

interface WriteRequest {
  timeseries: {
    labels: { name: string; value: string }[];
    samples: { value: number; timestamp: Int64 }[];
    histograms: unknown[];
  }[];
}

const DEFAULT_MAX_DECOMPRESSED = 64 * 1024 * 1024;
const MAX_ERRORS = 10;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function describe(name: string): string {
  return name.length > 120 ? `${name.slice(0, 120)}…` : name;
}

/** The series' name and labels, or the reason it cannot be stored. */
function seriesOf(
  labels: readonly { name: string; value: string }[],
): { name: string; labels: Record<string, string> } | string {
  let name: string | undefined;
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const l of labels) {
    if (seen.has(l.name)) return `label ${describe(l.name)} appears twice`;
    seen.add(l.name);
    if (l.name === '__name__') {
      name = l.value;
      continue;
    }
    if (!LABEL_NAME.test(l.name) || l.name.startsWith('__'))
      return `invalid label name "${describe(l.name)}"`;
    if (l.value !== '') out[l.name] = l.value;
  }
  if (name === undefined || name === '') return 'no __name__ label';
  if (!METRIC_NAME.test(name)) return `invalid metric name "${describe(name)}"`;
  return { name, labels: out };
}

/** A remote write 1.0 body → Points; throws RemoteWriteError when it is not snappy or not a WriteRequest. */
export function decodeRemoteWrite(body: Uint8Array, opts: RemoteWriteOptions = {}): DecodeResult {
  let raw: Uint8Array;
  try {
    raw = snappyUncompress(body, opts.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED);
  } catch (err) {
    throw new RemoteWriteError(`invalid snappy body: ${err instanceof Error ? err.message : String(err)}`);
  }
  let req: WriteRequest;
  try {
    // protobufjs' decoded message has the fields (and Longs) declared above.
    req = WriteRequestType.decode(raw) as unknown as WriteRequest;
  } catch (err) {
    throw new RemoteWriteError(
      `invalid WriteRequest protobuf: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const points: Point[] = [];
  const errors: string[] = [];
  let rejected = 0;
  const reject = (count: number, message: string): void => {
    rejected += count;
    if (errors.length < MAX_ERRORS) errors.push(message);
  };
  for (let i = 0; i < req.timeseries.length; i++) {
    const ts = req.timeseries[i];
    const series = seriesOf(ts.labels);
    if (typeof series === 'string') {
      reject(ts.samples.length + ts.histograms.length, `series ${i}: ${series}`);
      continue;
    }
    // The points of one series share its labels object.
    for (const s of ts.samples) {
      points.push({
        name: series.name,
        labels: series.labels,
        value: s.value,
        ts: int64ToNumber(s.timestamp),
      });
    }
    if (ts.histograms.length > 0) {
      reject(
        ts.histograms.length,
        `series ${i} "${describe(series.name)}": native histograms are not supported`,
      );
    }
  }
  return { points, rejected, errors };
}
