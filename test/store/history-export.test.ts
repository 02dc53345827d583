import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { exportHistory, progressLine } from '../../src/store/history-export.js';
import { Tsdb } from '../../src/store/tsdb/tsdb.js';

test('the progress bar fills in proportion and counts series', () => {
  assert.equal(progressLine(0, 4, 8), '\rexporting [--------] 0/4 series');
  assert.equal(progressLine(2, 4, 8), '\rexporting [####----] 2/4 series');
  assert.equal(progressLine(4, 4, 8), '\rexporting [########] 4/4 series');
  assert.equal(progressLine(0, 0, 4), '\rexporting [####] 0/0 series');
});

test('exports a range as CSV rows and as JSON series, reporting progress per series', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hp-export-'));
  const now = Date.now();
  const db = Tsdb.open({
    path: join(dir, 'store.db'),
    retention: { rawSec: 86400, minuteSec: 86400, hourSec: 86400 },
    maxDiskMb: 0,
    maxSeries: 0,
  });
  try {
    db.append([
      { name: 'b_metric', labels: { host: 'h', note: 'a,"q"' }, value: 1.5, ts: now - 2000 },
      { name: 'b_metric', labels: { host: 'h', note: 'a,"q"' }, value: 2.5, ts: now - 1000 },
      { name: 'a_metric', labels: { host: 'h' }, value: 7, ts: now - 1000 },
      { name: 'a_metric', labels: { host: 'h' }, value: 9, ts: now - 100_000 },
    ]);
    const collect = async (format: 'csv' | 'json') => {
      const out = new PassThrough();
      let text = '';
      out.on('data', (c: Buffer) => {
        text += c.toString();
      });
      const progress: [number, number][] = [];
      const n = await exportHistory(db, out, {
        from: now - 10_000,
        to: now,
        format,
        progress: (d, t) => progress.push([d, t]),
      });
      return { n, text, progress };
    };
    const csv = await collect('csv');
    assert.equal(csv.n, 3, 'the sample outside the range is left out');
    assert.deepEqual(csv.progress, [
      [1, 2],
      [2, 2],
    ]);
    const rows = csv.text.trim().split('\n');
    assert.equal(rows[0], 'series,name,labels,ts_unix,ts_iso,value');
    assert.equal(
      rows[1],
      `"a_metric{host=""h""}",a_metric,"{""host"":""h""}",${(now - 1000) / 1000},${new Date(now - 1000).toISOString()},7`,
    );
    assert.equal(rows.length, 4);
    assert.ok(rows[2].startsWith('"b_metric{host=""h"",note=""a,\\""q\\""""}",b_metric,'), rows[2]);
    const json = await collect('json');
    const parsed = JSON.parse(json.text) as {
      name: string;
      labels: Record<string, string>;
      points: [number, number][];
    }[];
    assert.deepEqual(
      parsed.map((s) => [s.name, s.points.map((p) => p[1])]),
      [
        ['a_metric', [7]],
        ['b_metric', [1.5, 2.5]],
      ],
    );
    assert.deepEqual(parsed[1].labels, { host: 'h', note: 'a,"q"' });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
