// Conformance table for the line protocol parser: the examples and rules of the InfluxDB line protocol
// reference (v1 "line protocol reference" and "tutorial", v2 "Line protocol" syntax page, and the EBNF
// of influxdata/line-protocol), each with the points or the error it must give. Expected names,
// labels, values and ms timestamps are worked out by hand from the line text: `measurement_field`
// (`value` → `measurement`), characters outside [a-zA-Z0-9_:] → `_` per code point, ns → ms rounding
// down. Error columns are 1-based code points, counted on the line text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type InfluxParseResult, type Precision, parseLineProtocol } from '../../src/ingest/influx.js';

const NOW = 1_700_000_000_123;

interface P {
  name: string;
  labels?: Record<string, string>;
  value: number;
  /** Unix ms; NOW when left out (no timestamp in the line). */
  ts?: number;
}

interface Case {
  doc: string;
  input: string;
  precision?: Precision;
  points?: P[];
  /** Lines whose fields were all strings. */
  skipped?: number;
  stringFields?: number;
  error?: { line?: number; column: number; message: string };
}

/** Column (1-based) of the first occurrence of `marker` in a single-line, BMP-only input. */
function col(input: string, marker: string, from = 0): number {
  const i = input.indexOf(marker, from);
  assert.ok(i >= 0, `marker ${marker} not in ${input}`);
  return i + 1;
}

const l1 = 'weather,location=us-midwest temperature=82 1465839830100400200';
const quotedTs = 'mymeas value=9 "1466625759000000000"';
const singleQuoted = "weather,location=us-midwest temperature='too warm'";
const noSpace = 'weather,location=us-midwesttemperature=82';
const spaceInFields = 'weather temperature=82, humidity=71';

const cases: Case[] = [
  // ---- Syntax and elements (v1 tutorial, v2 syntax page) ----
  {
    doc: 'tutorial: measurement, one tag, one field, ns timestamp',
    input: l1,
    points: [
      { name: 'weather_temperature', labels: { location: 'us-midwest' }, value: 82, ts: 1465839830100 },
    ],
  },
  {
    doc: 'tutorial: two tags',
    input: 'weather,location=us-midwest,season=summer temperature=82 1465839830100400200',
    points: [
      {
        name: 'weather_temperature',
        labels: { location: 'us-midwest', season: 'summer' },
        value: 82,
        ts: 1465839830100,
      },
    ],
  },
  {
    doc: 'tutorial: no tag set',
    input: 'weather temperature=82 1465839830100400200',
    points: [{ name: 'weather_temperature', value: 82, ts: 1465839830100 }],
  },
  {
    doc: 'tutorial: two fields give two points',
    input: 'weather,location=us-midwest temperature=82,humidity=71 1465839830100400200',
    points: [
      { name: 'weather_temperature', labels: { location: 'us-midwest' }, value: 82, ts: 1465839830100 },
      { name: 'weather_humidity', labels: { location: 'us-midwest' }, value: 71, ts: 1465839830100 },
    ],
  },
  {
    doc: 'tutorial: no timestamp → server time',
    input: 'weather,location=us-midwest temperature=82',
    points: [{ name: 'weather_temperature', labels: { location: 'us-midwest' }, value: 82 }],
  },
  {
    doc: 'v2 syntax example: only a string field → no point, skipped',
    input: 'myMeasurement,tag1=value1,tag2=value2 fieldKey="fieldValue" 1556813561098000000',
    points: [],
    skipped: 1,
    stringFields: 1,
  },
  {
    doc: 'v2 elements example: string and integer fields, all-zero timestamp',
    input: 'myTable,tag1=val1,tag2=val2 field1="v1",field2=1i 0000000000000000000',
    points: [{ name: 'myTable_field2', labels: { tag1: 'val1', tag2: 'val2' }, value: 1, ts: 0 }],
    stringFields: 1,
    skipped: 0,
  },
  // ---- Data types: float ----
  {
    doc: 'v2 float: 1.0',
    input: 'myMeasurement fieldKey=1.0',
    points: [{ name: 'myMeasurement_fieldKey', value: 1 }],
  },
  {
    doc: 'v2 float: 1 (default numeric type)',
    input: 'myMeasurement fieldKey=1',
    points: [{ name: 'myMeasurement_fieldKey', value: 1 }],
  },
  {
    doc: 'v2 float: scientific notation -1.234456e+78',
    input: 'myMeasurement fieldKey=-1.234456e+78',
    points: [{ name: 'myMeasurement_fieldKey', value: -1.234456e78 }],
  },
  {
    doc: 'v1 reference: INSERT mymeas value=-1.234456e+78 (field `value` names the metric after the measurement)',
    input: 'mymeas value=-1.234456e+78',
    points: [{ name: 'mymeas', value: -1.234456e78 }],
  },
  { doc: 'v1 data types: 1.e+78', input: 'mymeas value=1.e+78', points: [{ name: 'mymeas', value: 1e78 }] },
  { doc: 'v1 data types: 1.E+78', input: 'mymeas value=1.E+78', points: [{ name: 'mymeas', value: 1e78 }] },
  {
    doc: 'EBNF floats: .5, 5., -0.25, 1e3, 2E-3, -.5e2',
    input: 'm a=.5,b=5.,c=-0.25,d=1e3,e=2E-3,f=-.5e2',
    points: [
      { name: 'm_a', value: 0.5 },
      { name: 'm_b', value: 5 },
      { name: 'm_c', value: -0.25 },
      { name: 'm_d', value: 1000 },
      { name: 'm_e', value: 0.002 },
      { name: 'm_f', value: -50 },
    ],
  },
  {
    doc: 'float with 17 significant digits keeps full precision',
    input: 'cpu usage_user=0.40080160320641284',
    points: [{ name: 'cpu_usage_user', value: 0.40080160320641284 }],
  },
  {
    doc: 'EBNF: a float has no + sign',
    input: 'm v=+1',
    error: { column: 5, message: 'invalid value "+1" for field key "v"' },
  },
  {
    doc: 'float: two decimal points',
    input: 'm v=1.2.3',
    error: { column: 5, message: 'invalid number "1.2.3"' },
  },
  {
    doc: 'float: exponent without digits',
    input: 'm v=1e',
    error: { column: 5, message: 'invalid number "1e"' },
  },
  { doc: 'float: a lone dot', input: 'm v=.', error: { column: 5, message: 'invalid number "."' } },
  {
    doc: 'float: hexadecimal is not line protocol',
    input: 'm v=0x10',
    error: { column: 5, message: 'invalid number "0x10"' },
  },
  {
    doc: 'v1 data types: NaN is not a float value',
    input: 'm v=NaN',
    error: { column: 5, message: 'invalid value "NaN"' },
  },
  {
    doc: 'v1 data types: +/-Inf is not a float value',
    input: 'm v=-Inf',
    error: { column: 5, message: 'invalid number "-Inf"' },
  },
  {
    doc: 'float beyond float64',
    input: 'm v=1e400',
    error: { column: 5, message: 'outside the float64 range' },
  },
  // ---- Data types: integer, uinteger ----
  {
    doc: 'v2 integers: 1i, 12485903i, -12485903i',
    input: 'myMeasurement a=1i,b=12485903i,c=-12485903i',
    points: [
      { name: 'myMeasurement_a', value: 1 },
      { name: 'myMeasurement_b', value: 12485903 },
      { name: 'myMeasurement_c', value: -12485903 },
    ],
  },
  {
    doc: 'v2 integer range ends (beyond 2^53 the nearest double)',
    input: 'm min=-9223372036854775808i,max=9223372036854775807i',
    points: [
      { name: 'm_min', value: -(2 ** 63) },
      { name: 'm_max', value: 2 ** 63 }, // 2^63 − 1 has no double: the nearest is 2^63,
    ],
  },
  {
    doc: 'integer one past int64 max',
    input: 'm v=9223372036854775808i',
    error: { column: 5, message: 'outside the int64 range' },
  },
  {
    doc: 'integer one past int64 min',
    input: 'm v=-9223372036854775809i',
    error: { column: 5, message: 'outside the int64 range' },
  },
  {
    doc: 'an integer has no decimal point',
    input: 'm v=1.5i',
    error: { column: 5, message: 'invalid integer' },
  },
  {
    doc: 'v2 uintegers: 1u, 12485903u, 0u, 18446744073709551615u',
    input: 'myMeasurement a=1u,b=12485903u,c=0u,d=18446744073709551615u',
    points: [
      { name: 'myMeasurement_a', value: 1 },
      { name: 'myMeasurement_b', value: 12485903 },
      { name: 'myMeasurement_c', value: 0 },
      { name: 'myMeasurement_d', value: 2 ** 64 }, // nearest double to 2^64 − 1,
    ],
  },
  {
    doc: 'uinteger one past uint64 max',
    input: 'm v=18446744073709551616u',
    error: { column: 5, message: 'outside the uint64 range' },
  },
  {
    doc: 'a uinteger has no sign',
    input: 'm v=-1u',
    error: { column: 5, message: 'invalid unsigned integer "-1u"' },
  },
  // ---- Data types: boolean ----
  ...['t', 'T', 'true', 'True', 'TRUE'].map(
    (b): Case => ({
      doc: `v2 boolean true spelling ${b}`,
      input: `myMeasurement fieldKey=${b}`,
      points: [{ name: 'myMeasurement_fieldKey', value: 1 }],
    }),
  ),
  ...['f', 'F', 'false', 'False', 'FALSE'].map(
    (b): Case => ({
      doc: `v2 boolean false spelling ${b}`,
      input: `myMeasurement fieldKey=${b}`,
      points: [{ name: 'myMeasurement_fieldKey', value: 0 }],
    }),
  ),
  {
    doc: 'boolean: other spellings are not booleans',
    input: 'm v=TRue',
    error: { column: 5, message: 'invalid value "TRue"' },
  },
  {
    doc: 'tutorial: a single-quoted field value is invalid',
    input: singleQuoted,
    error: { column: col(singleQuoted, "'"), message: `invalid value "'too" for field key "temperature"` },
  },
  // ---- Data types: string ----
  {
    doc: 'v2 string example',
    input: 'myMeasurement fieldKey="this is a string"',
    points: [],
    skipped: 1,
    stringFields: 1,
  },
  {
    doc: 'v1: a double-quoted boolean is a string',
    input: 'mymeas value="true"',
    points: [],
    skipped: 1,
  },
  {
    doc: 'tutorial: temperature="too\\"hot\\"" (escaped quotes stay inside the string)',
    input: 'weather,location=us-midwest temperature="too\\"hot\\"",n=1i 1465839830100400200',
    points: [{ name: 'weather_n', labels: { location: 'us-midwest' }, value: 1, ts: 1465839830100 }],
    stringFields: 1,
  },
  {
    doc: 'tutorial backslashes: "too hot\\cold" … "too hot\\\\\\\\\\cold" all parse',
    input: [1, 2, 3, 4, 5]
      .map(
        (n) =>
          `weather,location=us-midwest temperature_str="too hot${'\\'.repeat(n)}cold" 146583983010040020${n}`,
      )
      .join('\n'),
    points: [],
    skipped: 5,
    stringFields: 5,
  },
  {
    doc: 'string ending in an escaped backslash closes at the next quote',
    input: 'm s="a\\\\",v=1',
    points: [{ name: 'm_v', value: 1 }],
    stringFields: 1,
  },
  {
    doc: 'an escaped backslash then an escaped quote keeps the string open',
    input: 'm s="a\\\\\\",v=1"',
    points: [],
    skipped: 1,
  },
  {
    doc: 'string field may hold a newline (InfluxDB accepts it); the next line is numbered 3',
    input: 'm s="two\nlines",v=2 1000000\nbad',
    points: [{ name: 'm_v', value: 2, ts: 1 }],
    error: { line: 3, column: 4, message: 'missing field set' },
  },
  {
    doc: 'unterminated string: error at the quote, the next line still parses',
    input: 'm s="open\nn v=1',
    points: [{ name: 'n_v', value: 1 }],
    error: { line: 1, column: 5, message: 'unterminated string' },
  },
  {
    doc: 'text right after a string value',
    input: 'm s="a"x',
    error: { column: 8, message: "expected ',', a space or the end of the line after a field value" },
  },
  // ---- Quoting (v1 reference, tutorial) ----
  {
    doc: 'v1: a double-quoted timestamp is a bad timestamp',
    input: quotedTs,
    error: { column: col(quotedTs, '"'), message: 'invalid timestamp' },
  },
  {
    doc: 'v1: quotes in a measurement are part of the name (→ _ in a Prometheus name)',
    input: '"mymeas" value=200',
    points: [{ name: '_mymeas_', value: 200 }],
  },
  {
    doc: 'tutorial: quotes in a tag value are part of the value',
    input: `weather,location="us-midwest" temperature=87`,
    points: [{ name: 'weather_temperature', labels: { location: '"us-midwest"' }, value: 87 }],
  },
  // ---- Special characters (v1 tutorial, v2 table) ----
  {
    doc: 'tutorial: escaped comma in a tag value',
    input: 'weather,location=us\\,midwest temperature=82 1465839830100400200',
    points: [
      { name: 'weather_temperature', labels: { location: 'us,midwest' }, value: 82, ts: 1465839830100 },
    ],
  },
  {
    doc: 'tutorial: escaped equals sign in a field key',
    input: 'weather,location=us-midwest temp\\=rature=82 1465839830100400200',
    points: [
      { name: 'weather_temp_rature', labels: { location: 'us-midwest' }, value: 82, ts: 1465839830100 },
    ],
  },
  {
    doc: 'tutorial: escaped space in a tag key',
    input: 'weather,location\\ place=us-midwest temperature=82 1465839830100400200',
    points: [
      { name: 'weather_temperature', labels: { location_place: 'us-midwest' }, value: 82, ts: 1465839830100 },
    ],
  },
  {
    doc: 'tutorial: escaped comma in a measurement',
    input: 'wea\\,ther,location=us-midwest temperature=82 1465839830100400200',
    points: [
      { name: 'wea_ther_temperature', labels: { location: 'us-midwest' }, value: 82, ts: 1465839830100 },
    ],
  },
  {
    doc: 'tutorial: escaped space in a measurement',
    input: 'wea\\ ther,location=us-midwest temperature=82 1465839830100400200',
    points: [
      { name: 'wea_ther_temperature', labels: { location: 'us-midwest' }, value: 82, ts: 1465839830100 },
    ],
  },
  {
    doc: 'v2: tag keys and values with spaces',
    input: 'myMeasurement,tag\\ Key1=tag\\ Value1,tag\\ Key2=tag\\ Value2 fieldKey=100',
    points: [
      {
        name: 'myMeasurement_fieldKey',
        labels: { tag_Key1: 'tag Value1', tag_Key2: 'tag Value2' },
        value: 100,
      },
    ],
  },
  {
    doc: 'v2: measurement name with spaces, string field',
    input: 'my\\ Measurement fieldKey="string value"',
    points: [],
    skipped: 1,
  },
  {
    doc: 'v2: emojis in a tag value and a string field',
    input: 'myMeasurement,tagKey=🍭 fieldKey="Launch 🚀",n=1 1556813561098000000',
    points: [{ name: 'myMeasurement_n', labels: { tagKey: '🍭' }, value: 1, ts: 1556813561098 }],
  },
  {
    doc: 'tutorial: emojis in names (one _ per code point: ⛅ + U+FE0F, 🔥)',
    input: 'we⛅️ther,location=us-midwest temper🔥ture=82 1465839830100400200',
    points: [
      { name: 'we__ther_temper_ture', labels: { location: 'us-midwest' }, value: 82, ts: 1465839830100 },
    ],
  },
  {
    doc: 'v1 reference special-character point (its field made numeric): a backslash before e is literal',
    input:
      '"measurement\\ with\\ quo⚡️es\\ and\\ emoji",tag\\ key\\ with\\ sp🚀ces=tag\\,value\\,with"commas" field_k\\ey=1',
    points: [
      {
        name: '_measurement_with_quo__es_and_emoji__field_k_ey',
        labels: { tag_key_with_sp_ces: 'tag,value,with"commas"' },
        value: 1,
      },
    ],
  },
  {
    doc: 'a backslash before a non-special character stays (\\\\ is two backslashes in a tag value)',
    input: 'm,path=C:\\\\temp\\x v=1',
    points: [{ name: 'm_v', labels: { path: 'C:\\\\temp\\x' }, value: 1 }],
  },
  {
    doc: 'EBNF: an unescaped = is an ordinary measurement character',
    input: 'a=b v=1',
    points: [{ name: 'a_b_v', value: 1 }],
  },
  {
    doc: 'an unescaped = in a tag value',
    input: 'm,t=a=b v=1',
    error: { column: 6, message: "unescaped '=' in a tag value" },
  },
  {
    doc: 'control character (tab) in a tag value',
    input: 'm,t=a\tb v=1',
    error: { column: 6, message: 'control character U+0009 is not allowed' },
  },
  // ---- Comments, blank lines, whitespace ----
  {
    doc: 'v2 comments: a # line is ignored',
    input: '# This is a comment\nmyMeasurement fieldKey="string value" 1556813561098000000\nm v=1',
    points: [{ name: 'm_v', value: 1 }],
    skipped: 1,
  },
  {
    doc: 'EBNF: spaces may precede a comment or a point',
    input: '   # indented comment\n  m v=1',
    points: [{ name: 'm_v', value: 1 }],
  },
  {
    doc: 'EBNF: blank lines and \\r\\n line ends',
    input: '\r\na v=1\r\n\r\n\nb v=2\r\n',
    points: [
      { name: 'a_v', value: 1 },
      { name: 'b_v', value: 2 },
    ],
  },
  {
    doc: 'EBNF: several spaces between sections and after the timestamp',
    input: 'weather  temperature=82   1465839830100400200   ',
    points: [{ name: 'weather_temperature', value: 82, ts: 1465839830100 }],
  },
  {
    doc: 'tutorial Whitespace I: missing space between tag set and field set',
    input: noSpace,
    error: { column: col(noSpace, '=', col(noSpace, 'midwest')), message: "unescaped '=' in a tag value" },
  },
  {
    doc: 'fields are separated by commas without spaces',
    input: spaceInFields,
    error: { column: col(spaceInFields, ' h'), message: 'expected a field key, got a space' },
  },
  {
    doc: 'v2: a point must have a field',
    input: 'weather,location=us-midwest',
    error: { column: 28, message: 'missing field set' },
  },
  { doc: 'measurement alone', input: 'weather', error: { column: 8, message: 'missing field set' } },
  {
    doc: 'measurement and a trailing space only',
    input: 'weather ',
    error: { column: 9, message: 'missing field set' },
  },
  {
    doc: 'a line starting with a comma has no measurement',
    input: ',t=1 v=1',
    error: { column: 1, message: 'expected a measurement name' },
  },
  // ---- Tags ----
  {
    doc: 'v2: tag values cannot be empty',
    input: 'weather,location= temperature=82',
    error: { column: 18, message: 'expected a value for tag key "location" (tag values cannot be empty)' },
  },
  {
    doc: 'empty tag key',
    input: 'weather,=x temperature=82',
    error: { column: 9, message: 'an empty tag key' },
  },
  {
    doc: 'comma then space after the tags',
    input: 'weather, temperature=82',
    error: { column: 9, message: 'expected a tag key' },
  },
  {
    doc: 'tag key without =',
    input: 'weather,location temperature=82',
    error: { column: 17, message: "expected '=' after tag key" },
  },
  {
    doc: 'duplicate tag key',
    input: 'weather,a=1,a=2 t=1',
    error: { column: 13, message: 'duplicate tag key "a"' },
  },
  {
    doc: 'two tag keys giving one label name',
    input: 'weather,a.b=1,a_b=2 t=1',
    error: { column: 15, message: 'tag keys "a.b" and "a_b" both give label name "a_b"' },
  },
  { doc: 'reserved __ label name', input: 'm,__name__=x v=1', error: { column: 3, message: 'reserved' } },
  {
    doc: 'a leading digit in a tag key gets _',
    input: 'm,1k=v f=1',
    points: [{ name: 'm_f', labels: { _1k: 'v' }, value: 1 }],
  },
  // ---- Fields ----
  {
    doc: 'a leading digit in a measurement gets _',
    input: '1cpu v=1',
    points: [{ name: '_1cpu_v', value: 1 }],
  },
  {
    doc: 'mixed field types: float, int, uint, bool, string',
    input: 'm a=1.5,b=2i,c=3u,d=true,e="s"',
    points: [
      { name: 'm_a', value: 1.5 },
      { name: 'm_b', value: 2 },
      { name: 'm_c', value: 3 },
      { name: 'm_d', value: 1 },
    ],
    stringFields: 1,
    skipped: 0,
  },
  {
    doc: 'duplicate field key',
    input: 'm a=1,a=2',
    error: { column: 7, message: 'duplicate field key "a"' },
  },
  { doc: 'empty field key', input: 'm =1', error: { column: 3, message: 'an empty field key' } },
  {
    doc: 'field key without value',
    input: 'm v=',
    error: { column: 5, message: 'expected a value for field key "v"' },
  },
  {
    doc: 'field key without =',
    input: 'm v 1',
    error: { column: 4, message: 'expected \'=\' after field key "v"' },
  },
  {
    doc: 'trailing comma in the field set',
    input: 'm v=1, 5',
    error: { column: 7, message: 'expected a field key, got a space' },
  },
  // ---- Timestamps and precision ----
  {
    doc: 'ns rounds down to the ms',
    input: 'm v=1 1465839830100999999',
    points: [{ name: 'm_v', value: 1, ts: 1465839830100 }],
  },
  {
    doc: 'us precision',
    input: 'm v=1 1465839830100400',
    precision: 'us',
    points: [{ name: 'm_v', value: 1, ts: 1465839830100 }],
  },
  {
    doc: 'ms precision',
    input: 'm v=1 1465839830100',
    precision: 'ms',
    points: [{ name: 'm_v', value: 1, ts: 1465839830100 }],
  },
  {
    doc: 's precision',
    input: 'm v=1 1465839830',
    precision: 's',
    points: [{ name: 'm_v', value: 1, ts: 1465839830000 }],
  },
  {
    doc: 'v1 m precision (minutes)',
    input: 'm v=1 2',
    precision: 'm',
    points: [{ name: 'm_v', value: 1, ts: 120000 }],
  },
  {
    doc: 'v1 h precision (hours)',
    input: 'm v=1 1',
    precision: 'h',
    points: [{ name: 'm_v', value: 1, ts: 3600000 }],
  },
  {
    doc: 's precision: a line without timestamp gets now truncated to the second',
    input: 'm v=1',
    precision: 's',
    points: [{ name: 'm_v', value: 1, ts: 1_700_000_000_000 }],
  },
  {
    doc: 'negative ns timestamps round down too (−1 ns → −1 ms, −1000001 ns → −2 ms)',
    input: 'a v=1 -1\nb v=1 -1000000\nc v=1 -1000001',
    points: [
      { name: 'a_v', value: 1, ts: -1 },
      { name: 'b_v', value: 1, ts: -1 },
      { name: 'c_v', value: 1, ts: -2 },
    ],
  },
  {
    doc: 'v1 data types: maximum and minimum valid timestamps',
    input: 'a v=1 9223372036854775806\nb v=1 -9223372036854775806',
    points: [
      { name: 'a_v', value: 1, ts: 9223372036854 },
      { name: 'b_v', value: 1, ts: -9223372036855 },
    ],
  },
  {
    doc: 'one past the maximum timestamp',
    input: 'm v=1 9223372036854775807',
    error: { column: 7, message: "outside InfluxDB's range" },
  },
  {
    doc: 's precision past the range',
    input: 'm v=1 9223372037',
    precision: 's',
    error: { column: 7, message: "outside InfluxDB's range" },
  },
  {
    doc: 'timestamps are integers',
    input: 'm v=1 1465839830.5',
    precision: 's',
    error: { column: 7, message: 'invalid timestamp "1465839830.5"' },
  },
  {
    doc: 'text after the timestamp',
    input: 'm v=1 123 456',
    error: { column: 11, message: 'unexpected text after the timestamp: "4"' },
  },
];

function check(c: Case, r: InfluxParseResult): void {
  const want = (c.points ?? []).map((p) => ({
    name: p.name,
    labels: p.labels ?? {},
    value: p.value,
    ts: p.ts ?? NOW,
  }));
  assert.deepEqual(r.points, want);
  if (c.error) {
    assert.equal(r.errors.length, 1, JSON.stringify(r.errors));
    const e = r.errors[0];
    assert.equal(e.line, c.error.line ?? 1, 'line');
    assert.equal(e.column, c.error.column, `column (${e.message})`);
    assert.ok(
      e.message.includes(c.error.message),
      `message ${JSON.stringify(e.message)} lacks ${c.error.message}`,
    );
    assert.equal(r.rejected, 1);
  } else {
    assert.deepEqual(r.errors, []);
    assert.equal(r.rejected, 0);
  }
  if (c.skipped !== undefined) assert.equal(r.skipped, c.skipped, 'skipped');
  if (c.stringFields !== undefined) assert.equal(r.stringFields, c.stringFields, 'stringFields');
}

describe('line protocol conformance (InfluxDB reference examples and rules)', () => {
  test('the table is large enough to mean something', () => {
    assert.ok(cases.length >= 60, `${cases.length} cases`);
  });
  for (const c of cases) {
    test(c.doc, () => {
      check(c, parseLineProtocol(c.input, { now: NOW, precision: c.precision }));
    });
  }
});
