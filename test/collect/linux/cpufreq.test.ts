import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FreqReader, parseCpuinfo, parseCpuinfoMhz } from '../../../src/collect/linux/cpufreq.js';

const FIX = new URL('../../fixtures/proc/', import.meta.url).pathname;
const cpuinfo = (name: string): string => readFileSync(`${FIX}${name}/proc/cpuinfo`, 'latin1');
const tmp = mkdtempSync(join(tmpdir(), 'hostpulse-freq-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseCpuinfo', () => {
  it('reads the captured AMD EPYC VM', () => {
    const c = parseCpuinfo(cpuinfo('debian12-vm'));
    assert.equal(c.vendor, 'AuthenticAMD');
    assert.equal(c.modelName, 'AMD EPYC');
    // physical id 0 with core id 0 and 1 → 2 cores
    assert.equal(c.physicalCores, 2);
    assert.equal(c.logicalCores, 2);
    assert.deepEqual(
      [...c.mhzByProcessor],
      [
        [0, 2596.144],
        [1, 2596.144],
      ],
    );
  });

  it('counts hyper-threads once: 4 processors on cores (0,0) (0,1) (0,0) (0,1) are 2 cores', () => {
    const c = parseCpuinfo(cpuinfo('cpufreq-4core'));
    assert.equal(c.vendor, 'GenuineIntel');
    assert.equal(c.modelName, 'Intel(R) Core(TM) i3-7100U CPU @ 2.40GHz');
    assert.equal(c.physicalCores, 2);
    assert.equal(c.logicalCores, 4);
    assert.equal(c.mhzByProcessor.get(2), 1234.567);
  });

  it('names the ARM implementer and leaves unknowns null on arm64 (no model name, MHz or topology)', () => {
    const c = parseCpuinfo(cpuinfo('container-arm64'));
    assert.equal(c.vendor, 'ARM'); // CPU implementer 0x41
    assert.equal(c.modelName, null);
    assert.equal(c.physicalCores, null);
    assert.equal(c.logicalCores, 2);
    assert.equal(c.mhzByProcessor.size, 0);
  });

  it('falls back to "cpu cores" × packages when core ids are missing', () => {
    const block = (n: number, pkg: number) =>
      `processor\t: ${n}\nvendor_id\t: GenuineIntel\nmodel name\t: Xeon\nphysical id\t: ${pkg}\ncpu cores\t: 4\n\n`;
    const c = parseCpuinfo(block(0, 0) + block(1, 0) + block(2, 1) + block(3, 1));
    assert.equal(c.physicalCores, 8);
    assert.equal(c.logicalCores, 4);
  });

  it('takes the name from the "Hardware"/"cpu" lines other architectures print', () => {
    assert.equal(
      parseCpuinfo('processor\t: 0\ncpu\t\t: POWER9 (architected)\n').modelName,
      'POWER9 (architected)',
    );
    assert.equal(parseCpuinfo('processor\t: 0\nHardware\t: BCM2835\n').modelName, 'BCM2835');
  });
});

describe('parseCpuinfoMhz', () => {
  it('agrees with the full parser on every fixture', () => {
    for (const name of ['debian12-vm', 'cpufreq-4core', 'container-arm64']) {
      assert.deepEqual(parseCpuinfoMhz(cpuinfo(name)), parseCpuinfo(cpuinfo(name)).mhzByProcessor, name);
    }
  });

  it('reads the real /proc/cpuinfo as a plain line split does', () => {
    const text = readFileSync('/proc/cpuinfo', 'latin1');
    const want = text
      .split('\n')
      .filter((l) => l.startsWith('cpu MHz'))
      .map((l) => Number(l.split(':')[1]));
    assert.deepEqual([...parseCpuinfoMhz(text).values()], want);
  });
});

describe('FreqReader', () => {
  it('converts kHz to MHz and reports limits per core', () => {
    const f = new FreqReader(`${FIX}cpufreq-4core`).read([0, 3]);
    assert.deepEqual(f, [
      { curMhz: 2394.311, minMhz: 400, maxMhz: 2400 },
      { curMhz: 1700, minMhz: 500, maxMhz: 2300 },
    ]);
  });

  it('gives null for a core no source knows about', () => {
    assert.deepEqual(new FreqReader(`${FIX}cpufreq-4core`).read([9]), [
      { curMhz: null, minMhz: null, maxMhz: null },
    ]);
  });

  it('falls back to /proc/cpuinfo in a tick where scaling_cur_freq fails, and uses it again once back', () => {
    const root = join(tmp, 'tree1');
    cpSync(`${FIX}cpufreq-4core`, root, { recursive: true });
    const cur = join(root, 'sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq');
    // cpuinfo says 2394.311 for processor 0 as well; change it to tell the sources apart.
    const info = join(root, 'proc/cpuinfo');
    writeFileSync(info, readFileSync(info, 'latin1').replace('cpu MHz\t\t: 2394.311', 'cpu MHz\t\t: 999.5'));
    const r = new FreqReader(root);
    assert.equal(r.read([0])[0].curMhz, 2394.311);
    unlinkSync(cur);
    assert.equal(r.read([0])[0].curMhz, 999.5);
    writeFileSync(cur, '3000000\n');
    assert.equal(r.read([0])[0].curMhz, 3000);
  });

  it('notices cpufreq appearing for a core only at the re-probe interval', () => {
    const root = join(tmp, 'tree2');
    cpSync(`${FIX}cpufreq-4core`, root, { recursive: true });
    const r = new FreqReader(root, 3);
    assert.equal(r.read([2])[0].curMhz, 1234.567); // read 1: no scaling_cur_freq → cpuinfo
    writeFileSync(join(root, 'sys/devices/system/cpu/cpu2/cpufreq/scaling_cur_freq'), '2000000\n');
    assert.equal(r.read([2])[0].curMhz, 1234.567); // read 2: source cached
    assert.equal(r.read([2])[0].curMhz, 2000); // read 3: re-probed
  });
});
