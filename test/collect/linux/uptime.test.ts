import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUptime, readUptime, uptimeFrom } from '../../../src/collect/linux/uptime.js';

const FIX = new URL('../../fixtures/proc/', import.meta.url).pathname;

describe('uptime', () => {
  it('uses btime from /proc/stat for boot time when given', () => {
    // proc/uptime "328.80 449.84"; btime 1795301087 from the same capture
    assert.deepEqual(readUptime(`${FIX}debian12-vm`, 1_800_000_000_000, 1795301087), {
      seconds: 328.8,
      bootTime: 1795301087,
    });
  });

  it('derives boot time as now − uptime, in whole seconds, without btime', () => {
    // 86400.25 s of uptime at 2024-06-01T00:00:00.600Z (1717200000.6 s) → 1717113600.35 → 1717113600
    const u = readUptime(`${FIX}cpufreq-4core`, 1717200000600);
    assert.equal(u.seconds, 86400.25);
    assert.equal(u.bootTime, 1717113600);
    assert.equal(uptimeFrom(10, 1000_000, 0).bootTime, 990);
  });

  it('rejects text that is not a number of seconds', () => {
    assert.throws(() => parseUptime(''), /cannot parse/);
    assert.throws(() => parseUptime('abc 1.0'), /cannot parse/);
    assert.throws(() => parseUptime('-5 1.0'), /cannot parse/);
    assert.equal(parseUptime('12.5\n'), 12.5);
  });
});
