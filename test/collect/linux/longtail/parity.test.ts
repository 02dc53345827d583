// Runs Debian's prometheus-node-exporter 1.5.0 against each fixture tree and checks that every
// series it serves is served by collectLongTail over the same tree, with the same value, HELP and
// TYPE (and that we serve nothing it does not).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectLongTail, LONGTAIL_COLLECTORS } from '../../../../src/collect/linux/longtail/index.js';
import { collectUname } from '../../../../src/collect/linux/longtail/uname.js';
import type { MetricFamily } from '../../../../src/export/family.js';
import { type ParsedFamily, parseExposition, seriesKey } from '../../../helpers/exposition-parse.js';
import { DEBIAN12, EDGE, EMPTY } from './fixtures.js';

const BIN = '/usr/bin/prometheus-node-exporter';
// node_exporter's own bookkeeping, not collector output.
const IGNORED = /^(node_scrape_collector_|node_exporter_build_info$|go_|process_|promhttp_)/;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts node_exporter on `root`, fetches /metrics once, stops it. */
async function scrapeNodeExporter(root: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      BIN,
      [
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.disable-exporter-metrics',
        '--collector.disable-defaults',
        ...LONGTAIL_COLLECTORS.map((c) => `--collector.${c}`),
        `--path.procfs=${root}/proc`,
        `--path.sysfs=${root}/sys`,
        `--path.rootfs=${root}`,
      ],
      { stdio: 'ignore' },
    );
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    try {
      const deadline = Date.now() + 10_000;
      while (!exited && Date.now() < deadline) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/metrics`);
          if (res.ok) return await res.text();
        } catch {
          // not listening yet
        }
        await sleep(50);
      }
    } finally {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
    }
  }
  throw new Error(`${BIN} did not serve /metrics for ${root}`);
}

function index(families: MetricFamily[]): Map<string, { family: MetricFamily; value: number }> {
  const out = new Map<string, { family: MetricFamily; value: number }>();
  for (const family of families) {
    for (const s of family.samples) out.set(seriesKey(family.name, s.labels), { family, value: s.value });
  }
  return out;
}

function compare(theirs: Map<string, ParsedFamily>, ours: MetricFamily[]): void {
  const mine = index(ours);
  // node_exporter asks uname(2), ignoring --path.rootfs, so its uname is the running host's.
  const hostUname = index(collectUname('/'));
  const served = new Set<string>();
  let compared = 0;
  for (const fam of theirs.values()) {
    if (IGNORED.test(fam.name)) continue;
    for (const s of fam.samples) {
      const key = seriesKey(s.name, s.labels);
      served.add(key);
      const got = (fam.name === 'node_uname_info' ? hostUname : mine).get(key);
      assert.ok(got !== undefined, `node_exporter serves ${key} = ${s.value}; we do not`);
      assert.equal(got.family.help, fam.help, `HELP of ${fam.name}`);
      assert.equal(got.family.type, fam.type, `TYPE of ${fam.name}`);
      if (fam.name === 'node_time_seconds') assert.ok(Math.abs(got.value - s.value) < 5, key);
      else assert.equal(got.value, s.value, key);
      compared++;
    }
  }
  for (const key of mine.keys()) {
    if (key.startsWith('node_uname_info{')) continue;
    assert.ok(served.has(key), `we serve ${key}; node_exporter does not`);
  }
  assert.ok(compared > 0);
}

test('parity with prometheus-node-exporter 1.5.0', async (t) => {
  if (!existsSync(BIN)) {
    console.log('SKIP: prometheus-node-exporter not installed');
    t.skip('prometheus-node-exporter not installed');
    return;
  }
  for (const [name, root] of [
    ['debian12', DEBIAN12],
    ['edge', EDGE],
    ['empty', EMPTY],
  ] as const) {
    await t.test(name, async () => {
      const text = await scrapeNodeExporter(root);
      const ours = collectLongTail(root, { collectors: LONGTAIL_COLLECTORS }).families;
      compare(parseExposition(text), ours);
    });
  }
});
