// Line protocol names → Prometheus names, the way Telegraf's Prometheus output names Influx metrics:
// `measurement_field` (a field called `value` gives just `measurement`), every character outside
// [a-zA-Z0-9_:] (labels: [a-zA-Z0-9_]) replaced by one `_` per code point, a leading digit prefixed
// with `_`. The same few names arrive on every Telegraf flush, so results are cached; the caches are
// keyed by the raw text in the body (escapes included), bounded (a stream of unique names cannot grow
// them without limit), and hold copies, so a cached or returned string never pins the request body.

import { RangeMap } from './influx-intern.js';

const CACHE_MAX = 4096;
const VALUE_CACHE_MAX = 65536;
/** Field names cached over all measurements; past it every measurement's cache starts over. */
const FIELD_BUDGET = 32768;
let fieldEntries = 0;

/**
 * A copy of `s` that shares no memory with the string it was sliced from. V8 copies slices shorter
 * than 13 characters already; longer ones point into their parent, which here is a whole request body.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

function nameChar(c: number, colon: boolean): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || (colon && c === 58)
  );
}

function sanitize(s: string, colon: boolean, leadingDigit: boolean): string {
  let clean = true;
  for (let i = 0; i < s.length; i++) {
    if (!nameChar(s.charCodeAt(i), colon)) {
      clean = false;
      break;
    }
  }
  const c0 = s.charCodeAt(0);
  const digitFirst = leadingDigit && c0 >= 48 && c0 <= 57;
  if (clean) return digitFirst ? `_${s}` : s;
  let out = digitFirst ? '_' : '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (nameChar(c, colon)) out += s[i];
    else {
      out += '_';
      // One `_` per code point: skip the low half of a surrogate pair.
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
    }
  }
  return out;
}

/** A Prometheus metric name: [a-zA-Z_:][a-zA-Z0-9_:]*. */
export function sanitizeMetricName(s: string): string {
  return sanitize(s, true, true);
}

/** A Prometheus label name: [a-zA-Z_][a-zA-Z0-9_]* (may still start with the reserved `__`). */
export function sanitizeLabelName(s: string): string {
  return sanitize(s, false, true);
}

/** The metric name of `field` of `measurement`, both already unescaped. */
export function joinMetricName(measurement: string, field: string): string {
  return field === 'value' ? sanitizeMetricName(measurement) : sanitizeMetricName(`${measurement}_${field}`);
}

/**
 * text[start, end) with `\,` and `\ ` (and `\=` when `key`: tag keys, tag values, field keys) replaced
 * by the character. Any other backslash is a literal one.
 */
export function unescapeName(text: string, start: number, end: number, key: boolean): string {
  let out = '';
  let from = start;
  for (let i = start; i < end - 1; i++) {
    if (text.charCodeAt(i) !== 92) continue;
    const n = text.charCodeAt(i + 1);
    if (n === 44 || n === 32 || (key && n === 61)) {
      out += text.slice(from, i);
      from = i + 1;
      i++;
    }
  }
  return out + text.slice(from, end);
}

/** The metric names of one measurement's fields, by the field key's raw text. */
export class MeasurementNames {
  private readonly fields = new RangeMap<string>(CACHE_MAX);

  constructor(readonly measurement: string) {}

  field(text: string, start: number, end: number, hash: number, escaped: boolean): string {
    let name = this.fields.get(text, start, end, hash);
    if (name === undefined) {
      const key = escaped ? unescapeName(text, start, end, true) : text.slice(start, end);
      name = detach(joinMetricName(this.measurement, key));
      this.fields.set(detach(text.slice(start, end)), hash, name);
      if (++fieldEntries > FIELD_BUDGET) {
        fieldEntries = 0;
        measurements.clear();
      }
    }
    return name;
  }
}

const measurements = new RangeMap<MeasurementNames>(CACHE_MAX);
const labelNames = new RangeMap<string>(CACHE_MAX);
const tagValues = new RangeMap<string>(VALUE_CACHE_MAX);

/** The names of the measurement whose raw text is text[start, end) (hashRange `hash`). */
export function measurementNames(
  text: string,
  start: number,
  end: number,
  hash: number,
  escaped: boolean,
): MeasurementNames {
  let m = measurements.get(text, start, end, hash);
  if (m === undefined) {
    const name = escaped ? unescapeName(text, start, end, false) : text.slice(start, end);
    m = new MeasurementNames(detach(name));
    measurements.set(detach(text.slice(start, end)), hash, m);
  }
  return m;
}

/** The label name of the raw tag key text[start, end); the caller rejects the reserved `__` prefix. */
export function labelName(text: string, start: number, end: number, hash: number, escaped: boolean): string {
  let name = labelNames.get(text, start, end, hash);
  if (name === undefined) {
    const key = escaped ? unescapeName(text, start, end, true) : text.slice(start, end);
    name = detach(sanitizeLabelName(key));
    labelNames.set(detach(text.slice(start, end)), hash, name);
  }
  return name;
}

/** The unescaped tag value of the raw text[start, end), holding no reference into the body. */
export function labelValue(text: string, start: number, end: number, hash: number, escaped: boolean): string {
  let value = tagValues.get(text, start, end, hash);
  if (value === undefined) {
    value = detach(escaped ? unescapeName(text, start, end, true) : text.slice(start, end));
    tagValues.set(escaped ? detach(text.slice(start, end)) : value, hash, value);
  }
  return value;
}
