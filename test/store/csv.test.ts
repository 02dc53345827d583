import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { CsvWriter, csvField, fileDay, startHourlyPrune } from '../../src/store/csv.js';
import type { FlatSample } from '../../src/views/flat.js';

const HEADER =
  'ts_iso,host,cpu_total,cpu_per_core,mem_percent,mem_total,mem_used,swap_percent,swap_total,swap_used,freq_mhz';

/** A small RFC 4180 reader, independent of the writer: quoted fields, doubled quotes, LF or CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (c === '\r') i++;
    } else field += c;
    i++;
  }
  assert.equal(quoted, false, 'unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

interface Logged {
  level: 'info' | 'warn';
  obj: object;
  msg: string;
}

function recorder() {
  const lines: Logged[] = [];
  return {
    lines,
    log: {
      info: (obj: object, msg: string) => lines.push({ level: 'info', obj, msg }),
      warn: (obj: object, msg: string) => lines.push({ level: 'warn', obj, msg }),
    },
  };
}

function flat(iso: string, over: Partial<FlatSample> = {}): FlatSample {
  const ms = Date.parse(iso);
  return {
    ts_unix: ms / 1000,
    ts_iso: iso.replace('Z', '+00:00'),
    host: 'box1',
    cpu_total: 7.5,
    cpu_per_core: [3, 5.5, 10, 12],
    mem_percent: 42.3,
    mem_total: 17179869184,
    mem_used: 7264423936,
    swap_percent: 0,
    swap_total: 0,
    swap_used: 0,
    freq_mhz: 3500,
    ...over,
  };
}

let dir: string;
let base: string;

beforeEach(() => {
  base = fs.mkdtempSync(join(tmpdir(), 'hostpulse-csv-'));
  dir = join(base, 'csv');
});

afterEach(() => {
  fs.rmSync(base, { recursive: true, force: true });
});

const read = (day: string) => fs.readFileSync(join(dir, `metrics-${day}.csv`), 'utf8');

describe('CsvWriter appends', () => {
  it('creates the dir, writes the header once, and one parseable row per sample', () => {
    const { log } = recorder();
    const w = new CsvWriter({ dir, retentionDays: 7, now: () => Date.parse('2025-11-14T12:00:00Z'), log });
    w.append(flat('2025-11-14T12:34:50.123Z'));
    w.append(flat('2025-11-14T12:34:51.124Z', { cpu_total: 99.9, freq_mhz: null }));
    w.append(flat('2025-11-14T12:34:52.125Z', { host: 'we,ird "name"', cpu_per_core: [] }));
    w.close();

    const rows = parseCsv(read('2025-11-14'));
    assert.equal(rows.length, 4);
    assert.deepEqual(rows[0], HEADER.split(','));
    assert.deepEqual(rows[1], [
      '2025-11-14T12:34:50.123+00:00',
      'box1',
      '7.5',
      '[3,5.5,10,12]',
      '42.3',
      '17179869184',
      '7264423936',
      '0',
      '0',
      '0',
      '3500',
    ]);
    assert.equal(rows[2][2], '99.9');
    assert.equal(rows[2][10], '', 'unknown frequency is an empty field');
    assert.equal(rows[3][1], 'we,ird "name"');
    assert.deepEqual(JSON.parse(rows[3][3]), []);
    assert.equal(w.stats().rowsWritten, 3);
    assert.equal(w.stats().writeFailures, 0);
  });

  it('does not repeat the header when an existing file is reopened by a new writer', () => {
    const { log } = recorder();
    const now = () => Date.parse('2025-11-14T12:00:00Z');
    const w1 = new CsvWriter({ dir, retentionDays: 7, now, log });
    w1.append(flat('2025-11-14T01:00:00.000Z'));
    w1.close();
    const w2 = new CsvWriter({ dir, retentionDays: 7, now, log });
    w2.append(flat('2025-11-14T01:00:01.000Z'));
    w2.append(flat('2025-11-14T01:00:02.000Z'));
    w2.close();
    const rows = parseCsv(read('2025-11-14'));
    assert.deepEqual(
      rows.map((r) => r[0]),
      [
        'ts_iso',
        '2025-11-14T01:00:00.000+00:00',
        '2025-11-14T01:00:01.000+00:00',
        '2025-11-14T01:00:02.000+00:00',
      ],
    );
  });

  it('writes the header into an existing empty file', () => {
    fs.mkdirSync(dir);
    fs.writeFileSync(join(dir, 'metrics-2025-11-14.csv'), '');
    const w = new CsvWriter({
      dir,
      retentionDays: 7,
      now: () => Date.parse('2025-11-14T12:00:00Z'),
      log: recorder().log,
    });
    w.append(flat('2025-11-14T01:00:00.000Z'));
    w.close();
    assert.equal(read('2025-11-14').split('\n')[0], HEADER);
  });

  it('ends a row cut short by a crash before appending the next one', () => {
    fs.mkdirSync(dir);
    fs.writeFileSync(join(dir, 'metrics-2025-11-14.csv'), `${HEADER}\n2025-11-14T00:00:00.000+00:00,box1,1`);
    const w = new CsvWriter({
      dir,
      retentionDays: 7,
      now: () => Date.parse('2025-11-14T12:00:00Z'),
      log: recorder().log,
    });
    w.append(flat('2025-11-14T01:00:00.000Z'));
    w.close();
    const rows = parseCsv(read('2025-11-14'));
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[1], ['2025-11-14T00:00:00.000+00:00', 'box1', '1']);
    assert.equal(rows[2][0], '2025-11-14T01:00:00.000+00:00');
    assert.equal(rows[2].length, 11);
  });

  it('rolls over at UTC midnight by the sample timestamp, even when the tick is late', () => {
    // The wall clock is already past midnight for both samples: the file follows the sample, not the clock.
    const { log } = recorder();
    const w = new CsvWriter({ dir, retentionDays: 7, now: () => Date.parse('2025-11-15T00:00:02Z'), log });
    w.append(flat('2025-11-14T23:59:59.900Z'));
    assert.equal(w.stats().currentFile, join(dir, 'metrics-2025-11-14.csv'));
    w.append(flat('2025-11-15T00:00:00.100Z'));
    assert.equal(w.stats().currentFile, join(dir, 'metrics-2025-11-15.csv'));
    // A straggler from the previous day goes to its own day's file, without a second header.
    w.append(flat('2025-11-14T23:59:59.950Z'));
    w.close();
    assert.equal(w.stats().currentFile, null);

    const day1 = parseCsv(read('2025-11-14'));
    const day2 = parseCsv(read('2025-11-15'));
    assert.deepEqual(
      day1.map((r) => r[0]),
      ['ts_iso', '2025-11-14T23:59:59.900+00:00', '2025-11-14T23:59:59.950+00:00'],
    );
    assert.deepEqual(
      day2.map((r) => r[0]),
      ['ts_iso', '2025-11-15T00:00:00.100+00:00'],
    );
  });

  it('recreates the dir and file when they are removed under the open fd', () => {
    const { log } = recorder();
    const w = new CsvWriter({ dir, retentionDays: 7, now: () => Date.parse('2025-11-14T12:00:00Z'), log });
    w.append(flat('2025-11-14T01:00:00.000Z'));
    fs.rmSync(dir, { recursive: true });
    w.append(flat('2025-11-14T01:00:01.000Z'));
    w.close();
    const rows = parseCsv(read('2025-11-14'));
    assert.deepEqual(
      rows.map((r) => r[0]),
      ['ts_iso', '2025-11-14T01:00:01.000+00:00'],
    );
    assert.equal(w.stats().rowsWritten, 2);
  });
});

describe('CsvWriter write failures', () => {
  it('counts failures when the dir is replaced by a regular file, logs once per streak, and recovers', () => {
    const rec = recorder();
    const w = new CsvWriter({
      dir,
      retentionDays: 7,
      now: () => Date.parse('2025-11-14T12:00:00Z'),
      log: rec.log,
    });
    w.append(flat('2025-11-14T01:00:00.000Z'));
    fs.rmSync(dir, { recursive: true });
    // Even root cannot create a directory entry inside a regular file.
    fs.writeFileSync(dir, 'not a directory');
    for (let i = 1; i <= 3; i++) {
      assert.doesNotThrow(() => w.append(flat(`2025-11-14T01:00:0${i}.000Z`)));
    }
    assert.equal(w.stats().writeFailures, 3);
    assert.equal(w.stats().rowsWritten, 1);
    assert.equal(w.stats().currentFile, null);
    assert.equal(rec.lines.filter((l) => l.level === 'warn').length, 1);

    fs.rmSync(dir);
    w.append(flat('2025-11-14T01:00:04.000Z'));
    w.append(flat('2025-11-14T01:00:05.000Z'));
    w.close();
    assert.equal(w.stats().rowsWritten, 3);
    assert.equal(w.stats().writeFailures, 3);
    const infos = rec.lines.filter((l) => l.msg === 'csv writes recovered');
    assert.equal(infos.length, 1);
    assert.equal((infos[0].obj as { failedRows: number }).failedRows, 3);
    assert.deepEqual(
      parseCsv(read('2025-11-14')).map((r) => r[0]),
      ['ts_iso', '2025-11-14T01:00:04.000+00:00', '2025-11-14T01:00:05.000+00:00'],
    );

    // A second streak is logged again.
    fs.rmSync(dir, { recursive: true });
    fs.writeFileSync(dir, 'x');
    w.append(flat('2025-11-14T01:00:06.000Z'));
    assert.equal(rec.lines.filter((l) => l.level === 'warn').length, 2);
  });

  it('counts a full disk (ENOSPC via /dev/full) without throwing', {
    skip: !fs.existsSync('/dev/full'),
  }, () => {
    const rec = recorder();
    fs.mkdirSync(dir);
    fs.symlinkSync('/dev/full', join(dir, 'metrics-2025-11-14.csv'));
    const w = new CsvWriter({
      dir,
      retentionDays: 7,
      now: () => Date.parse('2025-11-14T12:00:00Z'),
      log: rec.log,
    });
    w.append(flat('2025-11-14T01:00:00.000Z'));
    w.append(flat('2025-11-14T01:00:01.000Z'));
    assert.equal(w.stats().writeFailures, 2);
    assert.equal(w.stats().rowsWritten, 0);
    const warns = rec.lines.filter((l) => l.level === 'warn');
    assert.equal(warns.length, 1);
    assert.equal((warns[0].obj as { code: string }).code, 'ENOSPC');
    w.close();
  });
});

describe('CsvWriter retention', () => {
  const names = [
    'metrics-2025-11-05.csv',
    'metrics-2025-11-06.csv',
    'metrics-2025-11-07.csv',
    'metrics-2025-11-08.csv',
    'metrics-2025-11-14.csv',
    'metrics-2025-11-15.csv',
    'metrics-2024-12-31.csv',
    'notes.txt',
    'metrics-2020-01-01.csv.bak',
    'metrics-2020-02-30.csv',
    'metrics-latest.csv',
  ];

  function seed(): void {
    fs.mkdirSync(dir, { recursive: true });
    for (const n of names) fs.writeFileSync(join(dir, n), 'x\n');
    // A directory with a matching name is not ours to delete.
    fs.mkdirSync(join(dir, 'metrics-2020-01-02.csv'));
  }

  it('deletes files dated before today − retentionDays at construction, keeps the rest', () => {
    seed();
    const rec = recorder();
    // Today is 2025-11-14, so with 7 days the cutoff is 2025-11-07: 11-07 (exactly 7 days old) stays.
    const w = new CsvWriter({
      dir,
      retentionDays: 7,
      now: () => Date.parse('2025-11-14T23:59:59Z'),
      log: rec.log,
    });
    assert.equal(w.stats().filesPruned, 3);
    assert.deepEqual(fs.readdirSync(dir).sort(), [
      'metrics-2020-01-01.csv.bak',
      'metrics-2020-01-02.csv',
      'metrics-2020-02-30.csv',
      'metrics-2025-11-07.csv',
      'metrics-2025-11-08.csv',
      'metrics-2025-11-14.csv',
      'metrics-2025-11-15.csv',
      'metrics-latest.csv',
      'notes.txt',
    ]);
    assert.equal(rec.lines.filter((l) => l.msg === 'csv pruned').length, 3);
    assert.equal(w.prune(), 0, 'a second prune finds nothing more');
  });

  it('moves the cutoff with the clock', () => {
    seed();
    let now = Date.parse('2025-11-14T00:00:00Z');
    const w = new CsvWriter({ dir, retentionDays: 1, now: () => now, log: recorder().log });
    // Cutoff 2025-11-13: everything before goes.
    assert.equal(w.stats().filesPruned, 5);
    now = Date.parse('2025-11-16T00:00:00Z');
    // Cutoff 2025-11-15: 11-14 goes, 11-15 stays.
    assert.equal(w.prune(), 1);
    assert.ok(fs.existsSync(join(dir, 'metrics-2025-11-15.csv')));
    assert.ok(!fs.existsSync(join(dir, 'metrics-2025-11-14.csv')));
  });

  it('keeps everything with retentionDays 0 and tolerates a missing dir', () => {
    const w0 = new CsvWriter({
      dir,
      retentionDays: 7,
      now: () => Date.parse('2025-11-14T00:00:00Z'),
      log: recorder().log,
    });
    assert.equal(w0.prune(), 0);
    seed();
    const w = new CsvWriter({
      dir,
      retentionDays: 0,
      now: () => Date.parse('2030-01-01T00:00:00Z'),
      log: recorder().log,
    });
    assert.equal(w.prune(), 0);
    assert.equal(fs.readdirSync(dir).length, names.length + 1);
  });

  it('startHourlyPrune prunes on its timer until stopped', async () => {
    fs.mkdirSync(dir);
    let now = Date.parse('2025-11-14T12:00:00Z');
    const w = new CsvWriter({ dir, retentionDays: 7, now: () => now, log: recorder().log });
    fs.writeFileSync(join(dir, 'metrics-2025-11-07.csv'), 'x\n');
    fs.writeFileSync(join(dir, 'metrics-2025-11-08.csv'), 'x\n');
    const stop = startHourlyPrune(w, 10);
    now = Date.parse('2025-11-15T12:00:00Z');
    await sleep(60);
    assert.ok(!fs.existsSync(join(dir, 'metrics-2025-11-07.csv')));
    assert.ok(fs.existsSync(join(dir, 'metrics-2025-11-08.csv')));
    stop();
    now = Date.parse('2025-11-16T12:00:00Z');
    await sleep(60);
    assert.ok(fs.existsSync(join(dir, 'metrics-2025-11-08.csv')), 'no prune after stop');
  });
});

describe('CSV helpers', () => {
  const csvChar = fc.constantFrom('a', 'Z', ' ', ',', '"', '\r', '\n', 'é');

  it('fileDay accepts only real dates in the metrics-YYYY-MM-DD.csv form', () => {
    assert.equal(fileDay('metrics-2024-02-29.csv'), '2024-02-29');
    assert.equal(fileDay('metrics-2025-02-29.csv'), null);
    assert.equal(fileDay('metrics-2025-13-01.csv'), null);
    assert.equal(fileDay('xmetrics-2025-01-01.csv'), null);
  });

  it('csvField round-trips any string through an RFC 4180 reader', () => {
    fc.assert(
      fc.property(fc.string({ unit: csvChar }), fc.string({ unit: csvChar }), (a, b) => {
        const text = `${csvField(a)},${csvField(b)}\n`;
        assert.deepEqual(parseCsv(text), [[a, b]]);
      }),
    );
  });
});
