import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { startChild, stopAll } from '../../bench/lib/child.js';
import { ProcessMeter } from '../../bench/lib/meter.js';
import { freePort } from '../../bench/lib/ports.js';

/** Busy-loops until this process has used `ms` of CPU (not wall time: the machine may be loaded). */
function spinCpu(ms: number): void {
  const start = process.cpuUsage();
  const deadline = performance.now() + 20_000;
  for (;;) {
    for (let i = 0; i < 10_000; i++) Math.sqrt(Math.random());
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms || performance.now() > deadline) return;
  }
}

const node = (script: string) => ({ command: process.execPath, args: ['-e', script] });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('waitForLine returns the first matching output line; stop() ends the child with SIGTERM', async () => {
  const c = startChild({
    name: 'echo',
    ...node("console.error('noise'); console.log('ready 42'); setInterval(() => {}, 1000)"),
  });
  const m = await c.waitForLine(/ready (\d+)/, 5000);
  assert.equal(m[1], '42');
  assert.match(c.tail(), /noise/);
  await c.stop();
  assert.ok(c.exited());
  assert.equal(c.proc.signalCode, 'SIGTERM');
  assert.equal(alive(c.pid), false);
});

test('stop() falls back to SIGKILL when the child ignores SIGTERM', async () => {
  const c = startChild({
    name: 'stubborn',
    ...node("process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)"),
  });
  await c.waitForLine(/up/, 5000);
  const t0 = performance.now();
  await c.stop(300);
  assert.ok(performance.now() - t0 >= 290);
  assert.equal(c.proc.signalCode, 'SIGKILL');
});

test('waitForLine rejects when the child exits first, or when time runs out', async () => {
  const quitter = startChild({ name: 'quitter', ...node("console.log('bye')") });
  await assert.rejects(quitter.waitForLine(/never/, 5000), /quitter exited \(code 0\)[\s\S]*bye/);
  const mute = startChild({ name: 'mute', ...node('setInterval(() => {}, 1000)') });
  await assert.rejects(mute.waitForLine(/never/, 200), /mute printed no line matching/);
  await stopAll();
  assert.ok(mute.exited());
});

test('ProcessMeter counts CPU spent in the window only, and samples RSS', async () => {
  const busy = new ProcessMeter(process.pid);
  busy.begin();
  spinCpu(300);
  busy.sample();
  const f = busy.end();
  assert.ok(f.cpuSec >= 0.2, `busy loop of 0.3 s counted ${f.cpuSec} s`);
  assert.ok(f.rssSteadyBytes > 0 && f.rssMaxBytes >= f.rssSteadyBytes);
  assert.equal(f.rssSamples, 2);
  // The busy loop sits in the first half (begin → first sample), nothing in the second.
  assert.ok(f.cpuPercentHalves[1] < f.cpuPercentHalves[0]);
  assert.ok(f.cpuPercentMainThread > 0);

  const sleeper = startChild({ name: 'sleep', command: 'sleep', args: ['5'] });
  const idle = new ProcessMeter(sleeper.pid);
  idle.begin();
  await new Promise((r) => setTimeout(r, 300));
  const g = idle.end();
  await sleeper.stop();
  assert.ok(g.cpuSec < 0.05, `sleep(1) counted ${g.cpuSec} s`);
  assert.ok(g.wallSec >= 0.29);
});

test('freePort gives a loopback port that can be bound', async () => {
  const port = await freePort();
  assert.ok(port > 0 && port < 65536);
  const srv = createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen({ host: '127.0.0.1', port }, resolve);
  });
  await new Promise((r) => srv.close(r));
});
