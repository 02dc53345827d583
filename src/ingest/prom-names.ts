// OpenTelemetry → Prometheus names, per the OpenTelemetry "Prometheus and OpenMetrics Compatibility"
// spec as Prometheus' own OTLP receiver applies it (prometheus/otlptranslator, UnderscoreEscapingWithSuffixes),
// so a metric pushed here is named as it would be in Prometheus:
//  - metric names: every run of characters outside [a-zA-Z0-9:] (the `_` included) becomes one `_`; the
//    unit follows as a suffix unless a name token already equals it (`ms` → `milliseconds`, `By/s` →
//    `bytes_per_second`, `{request}` annotations dropped, `1` → nothing); counters end in `_total`, gauges
//    of unit `1` in `_ratio` (a `total`/`ratio` token elsewhere moves to the end); a leading digit gets `_`.
//  - label names: every run of characters outside [a-zA-Z0-9] becomes one `_`, a leading digit gets `_`.
//    Unlike Prometheus, `__reserved__` keys are not kept: an attribute can never pose as `__name__`.
//  - `le`/`quantile` values: Go's strconv.FormatFloat(v, 'f', -1, 64), as Prometheus writes them.

const UNITS = new Map<string, string>([
  ['d', 'days'],
  ['h', 'hours'],
  ['min', 'minutes'],
  ['s', 'seconds'],
  ['ms', 'milliseconds'],
  ['us', 'microseconds'],
  ['ns', 'nanoseconds'],
  ['By', 'bytes'],
  ['KiBy', 'kibibytes'],
  ['MiBy', 'mebibytes'],
  ['GiBy', 'gibibytes'],
  ['TiBy', 'tibibytes'],
  ['KBy', 'kilobytes'],
  ['MBy', 'megabytes'],
  ['GBy', 'gigabytes'],
  ['TBy', 'terabytes'],
  ['m', 'meters'],
  ['V', 'volts'],
  ['A', 'amperes'],
  ['J', 'joules'],
  ['W', 'watts'],
  ['g', 'grams'],
  ['Cel', 'celsius'],
  ['Hz', 'hertz'],
  ['1', ''],
  ['%', 'percent'],
]);

const PER_UNITS = new Map<string, string>([
  ['s', 'second'],
  ['m', 'minute'],
  ['h', 'hour'],
  ['d', 'day'],
  ['w', 'week'],
  ['mo', 'month'],
  ['y', 'year'],
]);

/** What decides the type suffix: `_total` for counters, `_ratio` for gauges of unit `1`. */
export type PromMetricKind = 'counter' | 'gauge' | 'other';

function isMetricChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 58;
}

function isLabelChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Runs of characters outside `valid` replaced by one `_` each. */
function collapse(s: string, valid: (c: number) => boolean): string {
  let out = '';
  let underscore = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (valid(c)) {
      out += s[i];
      underscore = false;
    } else if (!underscore) {
      out += '_';
      underscore = true;
    }
  }
  return out;
}

/** The maximal runs of metric-name characters in `s`. */
function tokens(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const valid = i < s.length && isMetricChar(s.charCodeAt(i));
    if (valid && start < 0) start = i;
    else if (!valid && start >= 0) {
      out.push(s.slice(start, i));
      start = -1;
    }
  }
  return out;
}

function cleanUnit(u: string): string {
  const c = collapse(u, isMetricChar);
  return c.startsWith('_') ? c.slice(1) : c;
}

/**
 * A unit component without its `{annotations}` (the spec drops "the portions of the unit within
 * brackets": `By{sent}` is `By`; Prometheus drops a whole component holding one); '' if a bracket is
 * left unbalanced.
 */
function unannotated(component: string): string {
  const u = component.replace(/\{[^{}]*\}/g, '').trim();
  return /[{}]/.test(u) ? '' : u;
}

/** The Prometheus main and `per_` unit suffixes of an OpenTelemetry (UCUM) unit, before cleaning. */
function unitSuffixes(unit: string): [main: string, per: string] {
  const slash = unit.indexOf('/');
  const mainOtel = unannotated(slash < 0 ? unit : unit.slice(0, slash));
  const main = mainOtel === '' ? '' : (UNITS.get(mainOtel) ?? mainOtel);
  let per = '';
  if (slash >= 0) {
    const perOtel = unannotated(unit.slice(slash + 1));
    if (perOtel !== '') per = `per_${PER_UNITS.get(perOtel) ?? perOtel}`;
  }
  return [main, per];
}

/**
 * The Prometheus name of an OpenTelemetry metric, with unit and type suffixes; '' when nothing valid
 * is left (the caller rejects the metric).
 */
export function promMetricName(name: string, unit: string, kind: PromMetricKind): string {
  let parts = tokens(name);
  if (parts.length === 0) return '';
  const [rawMain, rawPer] = unitSuffixes(unit);
  // Prometheus trims a trailing `_` off the main unit only when a per unit follows; trimming it always
  // keeps `__` out of names like `x_a__total` (unit "a.").
  let main = cleanUnit(rawMain);
  if (main.endsWith('_')) main = main.slice(0, -1);
  let per = cleanUnit(rawPer);
  if (parts.includes(main)) main = '';
  if (per === 'per_') per = '';
  else {
    if (per.endsWith('_')) per = per.slice(0, -1);
    if (parts.includes(per)) per = '';
  }
  if (main !== '') parts.push(main);
  if (per !== '') parts.push(per);
  if (kind === 'counter') {
    parts = parts.filter((t) => t !== 'total');
    parts.push('total');
  }
  if (kind === 'gauge' && unit === '1') {
    parts = parts.filter((t) => t !== 'ratio');
    parts.push('ratio');
  }
  const out = parts.join('_');
  return isDigit(out.charCodeAt(0)) ? `_${out}` : out;
}

const LABEL_CACHE_MAX = 4096;
const labelCache = new Map<string, string>();

/** The Prometheus label name of an attribute key; '' when nothing but `_` would be left. */
export function promLabelName(key: string): string {
  let name = labelCache.get(key);
  if (name !== undefined) return name;
  name = collapse(key, isLabelChar);
  if (isDigit(name.charCodeAt(0))) name = `_${name}`;
  if (name === '_') name = '';
  // Attribute keys repeat on every data point; a stream of unique keys cannot grow the cache unbounded.
  if (labelCache.size >= LABEL_CACHE_MAX) labelCache.clear();
  labelCache.set(key, name);
  return name;
}

/** A float as Go's strconv.FormatFloat(v, 'f', -1, 64) writes it: shortest digits, never an exponent. */
export function formatPromFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const neg = s.startsWith('-');
  const mantissa = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot < 0 ? mantissa.length : dot) + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return neg ? `-${out}` : out;
}
