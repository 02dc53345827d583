// InfluxDB line protocol → Points: the ingest hot path of POST /write, /api/v2/write and
// /api/v1/metrics/influx. One forward charCodeAt scan over the body, no per-line split and no regex.
//
//   measurement[,tag_key=tag_value…] field_key=field_value[,…] [timestamp]
//
// Rules, after the InfluxDB line protocol reference (v1 and v2) and its EBNF:
// - Lines end with \n or \r\n. Blank lines and lines whose first non-space character is `#` are
//   skipped. Spaces may lead a line and trail it; one or more spaces separate the sections.
// - Escapes: `\,` and `\ ` in the measurement; `\,` `\=` `\ ` in tag keys, tag values and field keys.
//   A backslash before any other character is a literal backslash (so `\\` stays `\\` there, as in
//   InfluxDB's parsers: the docs' "`\\` means `\`" table is about string field values).
// - Control characters (U+0000–U+001F, U+007F) are not allowed in names or tag values. Quotes in
//   names are ordinary characters. Tag values must not be empty; `=` in one must be escaped.
// - Field values: floats (`1`, `-1.5`, `.5`, `1.`, `1e3`, `-1.234456e+78`; no `+` sign, no
//   NaN/Inf), integers `12i` (int64), unsigned `12u` (uint64), booleans t T true True TRUE f F false
//   False FALSE, strings "…" in which `\"` and `\\` are escapes and which may span lines.
// - Timestamp: an optional signed decimal integer in the write precision (default ns), within
//   InfluxDB's range of ±9223372036854775806 ns; converted to unix ms rounding down (influx-time.ts).
//   A line without one gets `now` truncated to the precision.
//
// Mapping to Points (Telegraf's Prometheus naming, influx-names.ts): each numeric or boolean field
// gives a point `measurement_field` (`value` gives `measurement`), booleans 1/0, integers beyond 2^53
// the nearest double. Tags become labels over `defaultLabels` (a tag wins over a default of the same
// name); a tag key whose label name starts with `__` is refused (reserved by Prometheus), and so are
// two tag keys or two field keys of one line that give the same label or metric name. String fields
// give no point and are no error; a line whose fields are all strings gives none and counts as skipped.
//
// A bad line is rejected whole with one error (line, column, what was expected) and parsing resumes
// on the next line: partial success is the caller's business. Columns count Unicode code points from
// 1; a line is a physical line of the body (a string field with a newline starts a new one). A
// leading byte order mark is skipped.
import type { Point } from '../store/tsdb/tsdb.js';
import { HASH_SEED, hashRange, hashStep, RangeMap } from './influx-intern.js';
import {
  detach,
  labelName,
  labelValue,
  type MeasurementNames,
  measurementNames,
  unescapeName,
} from './influx-names.js';
import { floatScan, parseIntegerValue, scanFloat } from './influx-number.js';
import { defaultTimestamp, type Precision, timestampMs } from './influx-time.js';

export type { Precision } from './influx-time.js';
export { parsePrecision } from './influx-time.js';

export interface LineError {
  /** 1-based physical line of the body. */
  line: number;
  /** 1-based, in Unicode code points. */
  column: number;
  message: string;
}

export interface InfluxParseResult {
  /**
   * Points of the good lines, in body order. The points of one line share one labels object: treat it
   * as read-only.
   */
  points: Point[];
  /** One per rejected line, in body order (at most `maxErrors`). */
  errors: LineError[];
  /** Non-blank, non-comment lines (entries: a string field spanning lines makes one entry). */
  lines: number;
  /** Lines rejected with an error (also those past `maxErrors`). */
  rejected: number;
  /** Valid lines that gave no point because every field was a string. */
  skipped: number;
  /** String fields dropped (they have no numeric value). */
  stringFields: number;
}

export interface InfluxParseOptions {
  /** Unit of the timestamps in the body; default ns. */
  precision?: Precision;
  /** Unix ms given to lines without a timestamp. */
  now: number;
  /** Labels of every point; a tag of the same (sanitised) name overrides one. */
  defaultLabels?: Record<string, string>;
  /** Keep at most this many errors (the rest are only counted in `rejected`); default unlimited. */
  maxErrors?: number;
}

const NL = 10;
const CR = 13;
const SP = 32;
const QUOTE = 34;
const HASH = 35;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const EQ = 61;
const BS = 92;
const DEL = 127;

/** Scanning one body: state kept in fields so each section is its own small method. */
class Parser {
  private pos = 0;
  /** Physical line of `pos`, and the offset where that line starts. */
  private lineNo = 1;
  private lineStart = 0;
  private readonly len: number;
  private readonly precision: Precision;
  private readonly nowTs: number;
  private readonly defaults: [string, string][];
  /** Frozen labels objects by the tag-set text that made them, for these defaults. */
  private readonly labelSets: RangeMap<Readonly<Record<string, string>>>;
  /** The tag-set text of the line: from the end of the measurement to the space before the fields. */
  private tagsStart = 0;
  private tagsEnd = 0;
  private readonly maxErrors: number;
  private readonly out: InfluxParseResult = {
    points: [],
    errors: [],
    lines: 0,
    rejected: 0,
    skipped: 0,
    stringFields: 0,
  };

  // The last token: text[its start, tEnd), its hashRange, whether it holds escapes.
  private tEnd = 0;
  private tHash = 0;
  private tEscaped = false;

  // Per-line scratch, reused across lines. Key ranges are kept (start, end pairs) for messages only.
  private names: MeasurementNames | null = null;
  private nTags = 0;
  private readonly tagLabels: string[] = [];
  private readonly tagValues: string[] = [];
  private readonly tagKeyAt: number[] = [];
  private readonly tagSet = new Set<string>();
  private nFields = 0;
  private readonly fieldNames: string[] = [];
  private readonly fieldKeyAt: number[] = [];
  private readonly fieldSet = new Set<string>();
  private nNumeric = 0;
  private readonly numericNames: string[] = [];
  private readonly numericValues: number[] = [];
  private ts = 0;

  constructor(
    private readonly text: string,
    opts: InfluxParseOptions,
  ) {
    this.len = text.length;
    this.precision = opts.precision ?? 'ns';
    this.nowTs = defaultTimestamp(opts.now, this.precision);
    this.defaults = opts.defaultLabels ? Object.entries(opts.defaultLabels) : [];
    this.labelSets = labelSetsFor(this.defaults);
    this.maxErrors = opts.maxErrors ?? Number.POSITIVE_INFINITY;
    // A byte order mark (Windows tools write one) is not part of the first measurement name.
    if (text.charCodeAt(0) === 0xfeff) this.pos = this.lineStart = 1;
  }

  run(): InfluxParseResult {
    const text = this.text;
    const len = this.len;
    while (this.pos < len) {
      let c = text.charCodeAt(this.pos);
      while (c === SP) c = text.charCodeAt(++this.pos);
      if (this.pos >= len) break;
      if (c === NL) {
        this.newline(this.pos + 1);
        continue;
      }
      if (c === CR && (this.pos + 1 === len || text.charCodeAt(this.pos + 1) === NL)) {
        this.pos++;
        continue;
      }
      if (c === HASH) {
        this.skipLine();
        continue;
      }
      this.out.lines++;
      if (this.entry()) this.emit();
      else {
        this.out.rejected++;
        this.skipLine();
      }
    }
    return this.out;
  }

  private newline(next: number): void {
    this.pos = next;
    this.lineNo++;
    this.lineStart = next;
  }

  private skipLine(): void {
    const nl = this.text.indexOf('\n', this.pos);
    if (nl < 0) this.pos = this.len;
    else this.newline(nl + 1);
  }

  /** Records an error at text offset `at` (on the current physical line); always false. */
  private fail(at: number, message: string): false {
    if (this.out.errors.length < this.maxErrors) {
      let column = 1;
      for (let i = this.lineStart; i < at; i++) {
        const c = this.text.charCodeAt(i);
        // A surrogate pair is one code point: its low half does not count.
        if (c >= 0xdc00 && c <= 0xdfff && i > this.lineStart) {
          const p = this.text.charCodeAt(i - 1);
          if (p >= 0xd800 && p <= 0xdbff) continue;
        }
        column++;
      }
      this.out.errors.push({ line: this.lineNo, column, message });
    }
    return false;
  }

  /** What is at `at`, for "expected …, got …" messages. */
  private describe(at: number): string {
    if (at >= this.len) return 'end of line';
    const c = this.text.charCodeAt(at);
    if (c === NL) return 'end of line';
    if (c === CR) {
      return at + 1 >= this.len || this.text.charCodeAt(at + 1) === NL
        ? 'end of line'
        : 'a carriage return (U+000D)';
    }
    if (c === SP) return 'a space';
    if (c < SP || c === DEL) return `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    return JSON.stringify(String.fromCodePoint(this.text.codePointAt(at) ?? c));
  }

  private isEnd(at: number): boolean {
    if (at >= this.len) return true;
    const c = this.text.charCodeAt(at);
    return c === NL || c === CR;
  }

  private badChar(at: number): false {
    return this.fail(at, `${this.describe(at)} is not allowed in names and tag values`);
  }

  /** text[start, end) of a key or tag value, unescaped and quoted for a message. */
  private quote(start: number, end: number): string {
    return JSON.stringify(unescapeName(this.text, start, end, true));
  }

  /**
   * A measurement (`key` false) or a tag key, tag value or field key (`key` true) from `pos` to the
   * first unescaped delimiter, where `pos` is left. The raw range, its hash and whether it holds escapes
   * go to tEnd, tHash, tEscaped (an empty range when a delimiter comes first). False (error
   * recorded) on a control character.
   */
  private token(key: boolean): boolean {
    const text = this.text;
    const len = this.len;
    const start = this.pos;
    let h = HASH_SEED;
    let escaped = false;
    let i = start;
    for (; i < len; i++) {
      const c = text.charCodeAt(i);
      // Fast lane: lower-case letters, `_` and everything non-ASCII are never delimiters.
      if (c > BS) {
        if (c === DEL) return this.badChar(i);
        h = hashStep(h, c);
        continue;
      }
      if (c === COMMA || c === SP || (key && c === EQ)) break;
      if (c === BS) {
        const n = text.charCodeAt(i + 1);
        if (n === COMMA || n === SP || (key && n === EQ)) {
          escaped = true;
          h = hashStep(hashStep(h, c), n);
          i++;
          continue;
        }
      } else if (c < SP) {
        if (c === NL || c === CR) break;
        return this.badChar(i);
      }
      h = hashStep(h, c);
    }
    this.pos = i;
    this.tEnd = i;
    this.tHash = h;
    this.tEscaped = escaped;
    return true;
  }

  /** One entry from `pos` (at its first non-space character). False when it was rejected. */
  private entry(): boolean {
    const text = this.text;
    const mStart = this.pos;
    if (!this.token(false)) return false;
    if (this.tEnd === mStart)
      return this.fail(mStart, `expected a measurement name, got ${this.describe(mStart)}`);
    this.names = measurementNames(text, mStart, this.tEnd, this.tHash, this.tEscaped);
    this.tagsStart = this.tEnd;
    this.nTags = 0;
    this.nFields = 0;
    this.nNumeric = 0;
    let c = text.charCodeAt(this.pos);
    while (c === COMMA) {
      this.pos++;
      if (!this.tag()) return false;
      c = text.charCodeAt(this.pos);
    }
    this.tagsEnd = this.pos;
    if (c !== SP) {
      const where = this.nTags > 0 ? 'the tag set' : 'the measurement';
      if (this.isEnd(this.pos)) {
        return this.fail(this.pos, `missing field set: expected a space and key=value after ${where}`);
      }
      return this.fail(
        this.pos,
        `expected a space and the field set after ${where}, got ${this.describe(this.pos)}`,
      );
    }
    while (c === SP) c = text.charCodeAt(++this.pos);
    if (this.isEnd(this.pos)) {
      return this.fail(this.pos, 'missing field set: a line needs at least one field (key=value)');
    }
    for (;;) {
      if (!this.field()) return false;
      c = text.charCodeAt(this.pos);
      if (c !== COMMA) break;
      this.pos++;
    }
    this.ts = this.nowTs;
    if (c === SP) {
      while (c === SP) c = text.charCodeAt(++this.pos);
      if (!this.isEnd(this.pos) && !this.timestamp()) return false;
    } else if (!this.isEnd(this.pos)) {
      return this.fail(
        this.pos,
        `expected ',', a space or the end of the line after a field value, got ${this.describe(this.pos)}`,
      );
    }
    return this.endOfLine();
  }

  /** At end of input, \n or \r\n: consumes it. */
  private endOfLine(): boolean {
    const pos = this.pos;
    if (pos >= this.len) return true;
    const c = this.text.charCodeAt(pos);
    if (c === NL) {
      this.newline(pos + 1);
      return true;
    }
    if (c === CR) {
      if (pos + 1 === this.len) {
        this.pos = pos + 1;
        return true;
      }
      if (this.text.charCodeAt(pos + 1) === NL) {
        this.newline(pos + 2);
        return true;
      }
    }
    return this.fail(pos, `expected the end of the line, got ${this.describe(pos)}`);
  }

  /** `key=value` after a comma of the tag set. */
  private tag(): boolean {
    const text = this.text;
    const kStart = this.pos;
    if (!this.token(true)) return false;
    const kEnd = this.tEnd;
    if (kEnd === kStart) {
      const what = text.charCodeAt(kStart) === EQ ? 'an empty tag key' : this.describe(kStart);
      return this.fail(kStart, `expected a tag key after ',', got ${what}`);
    }
    if (text.charCodeAt(this.pos) !== EQ) {
      return this.fail(
        this.pos,
        `expected '=' after tag key ${this.quote(kStart, kEnd)}, got ${this.describe(this.pos)}`,
      );
    }
    const label = labelName(text, kStart, kEnd, this.tHash, this.tEscaped);
    if (label.charCodeAt(0) === 95 && label.charCodeAt(1) === 95) {
      return this.fail(
        kStart,
        `tag key ${this.quote(kStart, kEnd)} gives label name "${label}": names starting with __ are reserved`,
      );
    }
    const n = this.nTags;
    const dup = findName(this.tagLabels, n, label, this.tagSet);
    if (dup >= 0) return this.duplicate(kStart, kEnd, this.tagKeyAt, dup, 'tag', 'label', label);
    const vStart = ++this.pos;
    if (!this.token(true)) return false;
    if (this.tEnd === vStart) {
      return this.fail(
        vStart,
        `expected a value for tag key ${this.quote(kStart, kEnd)} (tag values cannot be empty), got ${this.describe(vStart)}`,
      );
    }
    if (text.charCodeAt(this.pos) === EQ) {
      return this.fail(this.pos, "unescaped '=' in a tag value (write \\= for a literal one)");
    }
    this.tagLabels[n] = label;
    this.tagValues[n] = labelValue(text, vStart, this.tEnd, this.tHash, this.tEscaped);
    this.tagKeyAt[2 * n] = kStart;
    this.tagKeyAt[2 * n + 1] = kEnd;
    this.nTags = n + 1;
    return true;
  }

  /** Error for the key text[start, end) whose name key `i` of the same line already gave. */
  private duplicate(
    start: number,
    end: number,
    keyAt: number[],
    i: number,
    kind: 'tag' | 'field',
    what: 'label' | 'metric',
    name: string,
  ): false {
    const key = this.quote(start, end);
    const earlier = this.quote(keyAt[2 * i], keyAt[2 * i + 1]);
    return this.fail(
      start,
      key === earlier
        ? `duplicate ${kind} key ${key}`
        : `${kind} keys ${earlier} and ${key} both give ${what} name "${name}"`,
    );
  }

  /** `key=value` of the field set, at the key. */
  private field(): boolean {
    const text = this.text;
    const kStart = this.pos;
    if (!this.token(true)) return false;
    const kEnd = this.tEnd;
    if (kEnd === kStart) {
      const what = text.charCodeAt(kStart) === EQ ? 'an empty field key' : this.describe(kStart);
      return this.fail(kStart, `expected a field key, got ${what}`);
    }
    if (text.charCodeAt(this.pos) !== EQ) {
      return this.fail(
        this.pos,
        `expected '=' after field key ${this.quote(kStart, kEnd)}, got ${this.describe(this.pos)}`,
      );
    }
    const name = (this.names as MeasurementNames).field(text, kStart, kEnd, this.tHash, this.tEscaped);
    const n = this.nFields;
    const dup = findName(this.fieldNames, n, name, this.fieldSet);
    if (dup >= 0) return this.duplicate(kStart, kEnd, this.fieldKeyAt, dup, 'field', 'metric', name);
    this.fieldNames[n] = name;
    this.fieldKeyAt[2 * n] = kStart;
    this.fieldKeyAt[2 * n + 1] = kEnd;
    this.nFields = n + 1;
    const vStart = ++this.pos;
    const c = text.charCodeAt(vStart);
    if (c === QUOTE) return this.stringValue();
    let value = Number.NaN;
    let end = vStart;
    if ((c >= 48 && c <= 57) || c === MINUS || c === DOT) {
      value = scanFloat(text, vStart, this.len);
      end = floatScan.end;
      const d = text.charCodeAt(end);
      if (!(d === COMMA || d === SP || d === NL || d === CR || end >= this.len)) {
        // Not a float up to a delimiter: an integer (`i`/`u` suffix, then a delimiter) or a bad value.
        const e = valueEnd(text, end, this.len);
        if ((d === 105 || d === 117) && e === end + 1) {
          value = parseIntegerValue(text, vStart, end, d === 117);
          if (!Number.isFinite(value)) value = this.badValue(vStart, e, value, d === 117 ? 'uint' : 'int');
        } else value = this.badValue(vStart, e, Number.NaN, d === 105 ? 'int' : d === 117 ? 'uint' : 'float');
        end = e;
      } else if (!Number.isFinite(value)) value = this.badValue(vStart, end, value, 'float');
    } else {
      end = valueEnd(text, vStart, this.len);
      if (end === vStart) {
        return this.fail(
          vStart,
          `expected a value for field key ${this.quote(kStart, kEnd)}, got ${this.describe(vStart)}`,
        );
      }
      value = booleanValue(text, vStart, end);
      if (Number.isNaN(value)) value = this.badValue(vStart, end, value, 'other');
    }
    this.pos = end;
    if (Number.isNaN(value)) return false;
    const k = this.nNumeric;
    this.numericNames[k] = name;
    this.numericValues[k] = value;
    this.nNumeric = k + 1;
    return true;
  }

  /** Records the error for the bad value text[start, end) of the last field (`v`: NaN or ±Infinity). */
  private badValue(start: number, end: number, v: number, kind: 'int' | 'uint' | 'float' | 'other'): number {
    const n = this.nFields - 1;
    const key = this.quote(this.fieldKeyAt[2 * n], this.fieldKeyAt[2 * n + 1]);
    const raw = JSON.stringify(this.text.slice(start, end));
    let message: string;
    if (kind === 'other') {
      message = `invalid value ${raw} for field key ${key}: expected a number (1.5, 2i, 3u), a boolean (t, true, f, false…) or a double-quoted string`;
    } else if (Number.isNaN(v)) {
      const what = kind === 'int' ? 'integer' : kind === 'uint' ? 'unsigned integer' : 'number';
      message = `invalid ${what} ${raw} for field key ${key}`;
    } else {
      const range = kind === 'int' ? 'int64' : kind === 'uint' ? 'uint64' : 'float64';
      message = `${raw} of field key ${key} is outside the ${range} range`;
    }
    this.fail(start, message);
    return Number.NaN;
  }

  /** A double-quoted string at `pos`; may hold escaped characters and newlines. Skipped: no point. */
  private stringValue(): boolean {
    const text = this.text;
    const open = this.pos;
    let newlines = 0;
    let lastNl = -1;
    for (let i = open + 1; i < this.len; i++) {
      let c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        if (newlines > 0) {
          this.lineNo += newlines;
          this.lineStart = lastNl + 1;
        }
        this.out.stringFields++;
        return true;
      }
      if (c === BS) {
        // Whatever follows a backslash is part of the string, a quote included.
        c = text.charCodeAt(++i);
        if (c !== NL) continue;
      }
      if (c === NL) {
        newlines++;
        lastNl = i;
      }
    }
    // Resume on the line after the opening quote: no quote follows, so the lines below are not inside it.
    this.pos = open + 1;
    return this.fail(open, `unterminated string: no closing '"' before the end of the body`);
  }

  /** The timestamp at `pos` (not a space, not the end of the line). */
  private timestamp(): boolean {
    const text = this.text;
    const start = this.pos;
    let i = start;
    const negative = text.charCodeAt(i) === MINUS;
    if (negative) i++;
    const digits = i;
    let c = text.charCodeAt(i);
    while (c >= 48 && c <= 57) c = text.charCodeAt(++i);
    if (i === digits || !(c === SP || this.isEnd(i))) {
      let end = i;
      while (end < this.len && !(text.charCodeAt(end) === SP || this.isEnd(end))) end++;
      return this.fail(
        start,
        `invalid timestamp ${JSON.stringify(text.slice(start, end))}: expected an integer (unix time in ${this.precision})`,
      );
    }
    const ts = timestampMs(text, digits, i, negative, this.precision);
    if (Number.isNaN(ts)) {
      return this.fail(
        start,
        `timestamp ${text.slice(start, i)} (${this.precision}) is outside InfluxDB's range (years 1677 to 2262)`,
      );
    }
    this.ts = ts;
    while (c === SP) c = text.charCodeAt(++i);
    this.pos = i;
    if (this.isEnd(i)) return true;
    return this.fail(i, `unexpected text after the timestamp: ${this.describe(i)}`);
  }

  /** The points of the line just parsed. */
  private emit(): void {
    const n = this.nNumeric;
    if (n === 0) {
      this.out.skipped++;
      return;
    }
    // The same tag set (with the same defaults) gives the same frozen labels object, request after
    // request: the store, the limits and the custom metrics then look a line's series up by identity.
    const text = this.text;
    const hash = hashRange(text, this.tagsStart, this.tagsEnd);
    let labels = this.labelSets.get(text, this.tagsStart, this.tagsEnd, hash);
    if (labels === undefined) {
      const fresh: Record<string, string> = {};
      const defaults = this.defaults;
      for (let i = 0; i < defaults.length; i++) fresh[defaults[i][0]] = defaults[i][1];
      for (let i = 0; i < this.nTags; i++) fresh[this.tagLabels[i]] = this.tagValues[i];
      labels = Object.freeze(fresh);
      this.labelSets.set(detach(text.slice(this.tagsStart, this.tagsEnd)), hash, labels);
    }
    const points = this.out.points;
    const ts = this.ts;
    for (let i = 0; i < n; i++) {
      points.push({ name: this.numericNames[i], labels, value: this.numericValues[i], ts });
    }
  }
}

/** Label sets kept per set of defaults (a server has one: its host name). */
const LABEL_SETS_MAX = 50_000;
const labelSetsByDefaults = new Map<string, RangeMap<Readonly<Record<string, string>>>>();

function labelSetsFor(defaults: readonly [string, string][]): RangeMap<Readonly<Record<string, string>>> {
  const key = JSON.stringify(defaults);
  let m = labelSetsByDefaults.get(key);
  if (m === undefined) {
    if (labelSetsByDefaults.size >= 16) labelSetsByDefaults.clear();
    m = new RangeMap(LABEL_SETS_MAX);
    labelSetsByDefaults.set(key, m);
  }
  return m;
}

/** Offset of the first value delimiter (`,`, space, line end) at or after `from`. */
function valueEnd(text: string, from: number, len: number): number {
  let end = from;
  for (; end < len; end++) {
    const d = text.charCodeAt(end);
    if (d === COMMA || d === SP || d === NL || d === CR) break;
  }
  return end;
}

const LINEAR_MAX = 32;

/**
 * Index of `name` among names[0, n) (the names already seen on this line), or -1. Lines are short, so
 * a scan; past LINEAR_MAX names `set` (holding names[0, n)) takes over, so a line of 100k fields is
 * not quadratic. On a miss the caller stores `name` at index n.
 */
function findName(names: string[], n: number, name: string, set: Set<string>): number {
  if (n <= LINEAR_MAX) {
    for (let i = 0; i < n; i++) if (names[i] === name) return i;
    if (n === LINEAR_MAX) {
      set.clear();
      for (let i = 0; i < n; i++) set.add(names[i]);
      set.add(name);
    }
    return -1;
  }
  if (!set.has(name)) {
    set.add(name);
    return -1;
  }
  return names.indexOf(name);
}

/** 1/0 for the ten boolean spellings in text[start, end), NaN otherwise. */
function booleanValue(text: string, start: number, end: number): number {
  switch (end - start) {
    case 1: {
      const c = text.charCodeAt(start);
      return c === 116 || c === 84 ? 1 : c === 102 || c === 70 ? 0 : Number.NaN;
    }
    case 4: {
      const s = text.slice(start, end);
      return s === 'true' || s === 'True' || s === 'TRUE' ? 1 : Number.NaN;
    }
    case 5: {
      const s = text.slice(start, end);
      return s === 'false' || s === 'False' || s === 'FALSE' ? 0 : Number.NaN;
    }
    default:
      return Number.NaN;
  }
}

/** Parses a line protocol body; never throws on any input. */
export function parseLineProtocol(body: string, opts: InfluxParseOptions): InfluxParseResult {
  return new Parser(body, opts).run();
}
