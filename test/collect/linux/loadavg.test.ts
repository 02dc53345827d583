import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLoadavg, readLoad } from '../../../src/collect/linux/loadavg.js';

const FIX = new URL('../../fixtures/proc/', import.meta.url).pathname;

describe('loadavg', () => {
  it('reads the captured VM: "0.22 0.43 0.23 2/95 9676"', () => {
    assert.deepEqual(readLoad(`${FIX}debian12-vm`), {
      load1: 0.22,
      load5: 0.43,
      load15: 0.23,
      runnable: 2,
      threads: 95,
    });
  });

  it('reads a busy laptop: "1.52 0.98 0.77 3/1187 51234"', () => {
    const l = readLoad(`${FIX}cpufreq-4core`);
    assert.equal(l.load1, 1.52);
    assert.equal(l.threads, 1187);
  });

  it('rejects truncated or garbled text', () => {
    assert.throws(() => parseLoadavg('0.1 0.2'), /cannot parse/);
    assert.throws(() => parseLoadavg('0.1 0.2 0.3 12 5'), /cannot parse/);
    assert.throws(() => parseLoadavg('a b c 1/2 3'), /cannot parse/);
  });
});
