import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { COLLECTOR_NAMES, createLinuxCollector } from '../../../src/collect/linux/host-collector.js';

const FIX = new URL('../../fixtures/proc/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'hostpulse-host-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function copyVm(): string {
  const dest = join(tmp, `vm${n++}`);
  cpSync(join(FIX, 'debian12-vm'), dest, { recursive: true });
  return dest;
}

interface Logged {
  level: 'warn' | 'info';
  obj: object;
  msg: string;
}
function recorder(): {
  log: { warn(o: object, m: string): void; info(o: object, m: string): void };
  lines: Logged[];
} {
  const lines: Logged[] = [];
  return {
    lines,
    log: {
      warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
      info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    },
  };
}

const lookup = (iface: string) => (iface === 'eth0' ? { ipv4: '192.0.2.2', mac: '02:fc:00:00:00:01' } : null);

/** Replaces one exact substring, failing loudly if the fixture no longer contains it. */
function replaceIn(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'latin1');
  assert.ok(text.includes(from), `fixture lacks "${from}"`);
  writeFileSync(path, text.replace(from, to));
}

describe('createLinuxCollector', () => {
  it('warms up on the first tick and reports usage on the second (captured VM)', async () => {
    const root = copyVm();
    const c = createLinuxCollector({ root, host: 'vm-test', ipv4Lookup: lookup });
    const t1 = await c.collect(1_800_000_000_000);
    assert.deepEqual(t1.failed, []);
    assert.equal(t1.sample.cpu.usagePercent, null);
    assert.deepEqual(
      t1.sample.cpu.cores.map((x) => x.usagePercent),
      [null, null],
    );
    assert.equal(t1.sample.host, 'vm-test');
    assert.equal(t1.sample.ts, 1_800_000_000_000);

    const stat = join(root, 'proc/stat');
    // aggregate: busy +150 (user 100, system 50), idle +150 → 50 %
    replaceIn(stat, 'cpu  16179 0 3315 44984 782 0 72 21 0 0', 'cpu  16279 0 3365 45134 782 0 72 21 0 0');
    // cpu0: busy +30, idle +70 → 30 %; cpu1: busy +120, idle +80 → 60 %
    replaceIn(stat, 'cpu0 2103 0 1310 29150 81 0 8 8 0 0', 'cpu0 2123 0 1320 29220 81 0 8 8 0 0');
    replaceIn(stat, 'cpu1 14075 0 2004 15834 700 0 63 13 0 0', 'cpu1 14155 0 2044 15914 700 0 63 13 0 0');
    const t2 = await c.collect(1_800_000_001_000);
    assert.deepEqual(t2.failed, []);
    const s = t2.sample;
    assert.ok(Math.abs((s.cpu.usagePercent ?? -1) - 50) < 1e-9);
    assert.ok(Math.abs((s.cpu.cores[0].usagePercent ?? -1) - 30) < 1e-9);
    assert.ok(Math.abs((s.cpu.cores[1].usagePercent ?? -1) - 60) < 1e-9);
    assert.equal(s.cpu.cores[0].freqMhz, 2596.144);

    // The other parts come from the same tree.
    assert.equal(s.memory.total, 24684084 * 1024);
    assert.equal(s.swap.total, 0);
    assert.deepEqual(s.load, { load1: 0.22, load5: 0.43, load15: 0.23, runnable: 2, threads: 95 });
    assert.deepEqual(s.uptime, { seconds: 328.8, bootTime: 1795301087 });
    assert.equal(s.kernel.bootTime, 1795301087);
    assert.deepEqual(
      s.disks.map((d) => d.device),
      ['vda'],
    );
    assert.ok(s.network.interfaces.some((i) => i.name === 'eth0'));
    assert.deepEqual(s.network.primary, { name: 'eth0', ipv4: '192.0.2.2', mac: '02:fc:00:00:00:01' });
    assert.deepEqual(s.temperatures, []);

    const stats = c.stats();
    assert.deepEqual(
      stats.map((x) => x.name),
      [...COLLECTOR_NAMES],
    );
    for (const st of stats) {
      assert.equal(st.runs, 2, st.name);
      assert.equal(st.failures, 0, st.name);
      assert.equal(st.lastError, null, st.name);
      assert.ok(st.lastDurationMs >= 0 && st.lastDurationMs < 1000, st.name);
    }
  });

  it('finishes a tick without proc/loadavg, names the failure, counts it and logs it once per streak', async () => {
    const root = copyVm();
    const loadavg = join(root, 'proc/loadavg');
    const saved = readFileSync(loadavg);
    unlinkSync(loadavg);
    const { log, lines } = recorder();
    const c = createLinuxCollector({ root, host: 'h', log, ipv4Lookup: lookup });

    const t1 = await c.collect(1);
    const t2 = await c.collect(2);
    for (const t of [t1, t2]) {
      assert.deepEqual(t.failed, ['load']);
      assert.deepEqual(t.sample.load, { load1: 0, load5: 0, load15: 0, runnable: 0, threads: 0 });
      assert.equal(t.sample.memory.total, 24684084 * 1024); // the rest of the tick went on
      assert.equal(t.sample.uptime.seconds, 328.8);
    }
    const load = c.stats().find((s) => s.name === 'load');
    assert.equal(load?.runs, 2);
    assert.equal(load?.failures, 2);
    assert.match(load?.lastError ?? '', /ENOENT.*loadavg/);
    assert.equal(lines.length, 1);
    assert.equal(lines[0].level, 'warn');
    assert.deepEqual(lines[0].obj, { collector: 'load', err: load?.lastError });

    writeFileSync(loadavg, saved);
    const t3 = await c.collect(3);
    assert.deepEqual(t3.failed, []);
    assert.equal(t3.sample.load.load1, 0.22);
    assert.equal(c.stats().find((s) => s.name === 'load')?.lastError, null);
    assert.deepEqual(
      lines.map((l) => l.level),
      ['warn', 'info'],
    );

    unlinkSync(loadavg);
    const t4 = await c.collect(4);
    assert.deepEqual(t4.failed, ['load']);
    assert.deepEqual(
      lines.map((l) => l.level),
      ['warn', 'info', 'warn'],
    );
    const after4 = c.stats().find((s) => s.name === 'load');
    assert.equal(after4?.runs, 4);
    assert.equal(after4?.failures, 3);
  });

  it('empties the cpu part when proc/stat is missing and derives boot time from uptime instead', async () => {
    const root = copyVm();
    unlinkSync(join(root, 'proc/stat'));
    const c = createLinuxCollector({ root, host: 'h', ipv4Lookup: lookup });
    const wall = 1_800_000_000_400;
    const t = await c.collect(wall);
    assert.deepEqual(t.failed, ['cpu']);
    assert.equal(t.sample.cpu.usagePercent, null);
    assert.deepEqual(t.sample.cpu.cores, []);
    assert.equal(t.sample.cpu.times.user, 0);
    assert.equal(t.sample.kernel.bootTime, 0);
    // 1800000000.4 − 328.8 = 1799999671.6 → 1799999672
    assert.equal(t.sample.uptime.bootTime, 1799999672);
  });

  it('never throws, even for a root that does not exist', async () => {
    const c = createLinuxCollector({ root: join(tmp, 'missing-root'), host: 'h', ipv4Lookup: lookup });
    const t = await c.collect(5);
    assert.deepEqual(
      [...t.failed].sort(),
      ['cpu', 'disks', 'filesystems', 'load', 'memory', 'network', 'uptime'].sort(),
    );
    assert.deepEqual(t.sample.filesystems, []);
    assert.deepEqual(t.sample.network, { interfaces: [], primary: null });
    assert.equal(t.sample.memory.total, 0);
    assert.ok(c.stats().every((s) => s.runs === 1));
  });
});
