import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ticker, type TickerClock } from '../../src/collect/ticker.js';

/** A simulated monotonic clock: timers fire in order, each `jitter()` ms late. */
class SimClock implements TickerClock {
  t = 1_000;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  constructor(private readonly jitter: () => number = () => 0) {}
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms + this.jitter(), fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }
  /** Runs timers until none are due before `until`. Handlers are synchronous here. */
  runUntil(until: number): void {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = Math.max(this.t, until);
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

test('ticks stay on the start + k×interval grid over 10 simulated hours despite jitter', async () => {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const clock = new SimClock(() => rand() * 20); // every timer fires 0–20 ms late
  const starts: number[] = [];
  const ticker = new Ticker(
    1,
    () => {
      starts.push(clock.now());
    },
    clock,
  );
  const t0 = clock.now();
  ticker.start();
  const hours = 10;
  for (let s = 1; s <= hours * 3600; s++) {
    clock.runUntil(t0 + s * 1000 + 500);
    await settle();
  }
  await ticker.stop();
  assert.equal(starts.length, hours * 3600);
  // Tick k started between its due time and due + 20 ms: no accumulated drift.
  for (let k = 0; k < starts.length; k++) {
    const due = t0 + (k + 1) * 1000;
    assert.ok(
      starts[k] >= due && starts[k] <= due + 20,
      `tick ${k + 1} at ${starts[k] - t0}, due ${due - t0}`,
    );
  }
  assert.equal(ticker.stats().skipped, 0);
});

test('a slow tick skips the ticks it overran and the next one lands on the grid', async () => {
  const clock = new SimClock();
  const starts: number[] = [];
  const ticker = new Ticker(
    1,
    (tick) => {
      starts.push(clock.now());
      if (tick.index === 2) clock.t += 2_500; // this tick's work takes 2.5 s
    },
    clock,
  );
  const t0 = clock.now();
  ticker.start();
  for (let s = 1; s <= 8; s++) {
    clock.runUntil(t0 + s * 1000 + 1);
    await settle();
  }
  await ticker.stop();
  const offsets = starts.map((x) => x - t0);
  // Tick 2 ran at 2000 and finished at 4500: ticks 3 and 4 are skipped, tick 5 runs at 5000.
  assert.deepEqual(offsets.slice(0, 4), [1000, 2000, 5000, 6000]);
  assert.equal(ticker.stats().skipped, 2);
  assert.equal(ticker.stats().ticks, starts.length);
});

test('fractional intervals and stop() waits for the tick in flight', async () => {
  let release: () => void = () => {};
  let finished = false;
  const ticker = new Ticker(0.1, async () => {
    await new Promise<void>((r) => {
      release = r;
    });
    finished = true;
  });
  ticker.start();
  await new Promise((r) => setTimeout(r, 150)); // first tick due at 100 ms is now in flight
  const stopped = ticker.stop();
  let stopResolved = false;
  void stopped.then(() => {
    stopResolved = true;
  });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(stopResolved, false, 'stop() must wait for the tick in flight');
  release();
  await stopped;
  assert.equal(finished, true);
  assert.equal(ticker.stats().ticks, 1);
});

test('a throwing tick is reported and ticking goes on', async () => {
  const clock = new SimClock();
  const errors: unknown[] = [];
  let n = 0;
  const ticker = new Ticker(
    1,
    () => {
      n++;
      if (n === 1) throw new Error('boom');
    },
    clock,
    (e) => errors.push(e),
  );
  const t0 = clock.now();
  ticker.start();
  for (let s = 1; s <= 3; s++) {
    clock.runUntil(t0 + s * 1000);
    await settle();
  }
  await ticker.stop();
  assert.equal(n, 3);
  assert.equal(errors.length, 1);
});
