// Checks the collector against the real kernel: a busy loop loads one core while the collector and
// a hand computation read /proc/stat over the same window.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { createLinuxCollector } from '../../src/collect/linux/host-collector.js';

/** busy and total ticks of the aggregate line, the plain way. */
function cpuLine(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + (steal ?? 0);
  return { busy, total: busy + idle + iowait };
}

function spin(ms: number): Promise<void> {
  const w = new Worker(`const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) x++;`, {
    eval: true,
  });
  return new Promise((resolve, reject) => {
    w.once('error', reject);
    w.once('exit', () => resolve());
  });
}

describe('collector accuracy on this machine', { skip: process.platform !== 'linux' }, () => {
  it('matches a hand computation of busy % within 5 points while a core spins', async () => {
    const c = createLinuxCollector({ root: '/', host: 'self', ipv4Lookup: () => null });
    const before = cpuLine();
    const first = await c.collect(Date.now());
    assert.equal(first.sample.cpu.usagePercent, null);

    await spin(1500);

    const afterLine = cpuLine();
    const second = await c.collect(Date.now());
    const byHand = ((afterLine.busy - before.busy) / (afterLine.total - before.total)) * 100;
    const measured = second.sample.cpu.usagePercent;
    assert.equal(typeof measured, 'number');
    assert.ok(Math.abs((measured as number) - byHand) <= 5, `collector ${measured} vs by hand ${byHand}`);
    // One spinning core out of N must show; otherwise the window did not see the load at all.
    const cores = second.sample.cpu.logicalCores;
    assert.ok(byHand >= (100 / cores) * 0.5, `busy loop not visible: ${byHand}% on ${cores} cores`);
  });

  it('reports MemTotal × 1024 as memory.total', async () => {
    const c = createLinuxCollector({ root: '/', host: 'self', ipv4Lookup: () => null });
    const t = await c.collect(Date.now());
    const kb = Number(/^MemTotal:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    assert.ok(kb > 0);
    assert.equal(t.sample.memory.total, kb * 1024);
  });
});
