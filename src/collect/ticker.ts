// A fixed-cadence ticker on a monotonic clock. Tick k is due at start + k × interval, so
// timer jitter never accumulates into drift. A tick that cannot start within half an interval
// of its due time is skipped and counted instead of being run late, so ticks are never bunched.

export interface TickerClock {
  /** Monotonic milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: TickerClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface TickerStats {
  intervalMs: number;
  ticks: number;
  skipped: number;
  /** How late the last tick started after its due time, ms. */
  lastLatenessMs: number;
  maxLatenessMs: number;
  lastDurationMs: number;
}

export type TickHandler = (tick: { index: number; dueMono: number }) => Promise<void> | void;

export class Ticker {
  private readonly intervalMs: number;
  private startMono = 0;
  private nextIndex = 0;
  private timer: unknown = null;
  private running = false;
  private inFlight: Promise<void> | null = null;
  private readonly s: TickerStats;

  constructor(
    intervalSec: number,
    private readonly onTick: TickHandler,
    private readonly clock: TickerClock = realClock,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.intervalMs = intervalSec * 1000;
    this.s = {
      intervalMs: this.intervalMs,
      ticks: 0,
      skipped: 0,
      lastLatenessMs: 0,
      maxLatenessMs: 0,
      lastDurationMs: 0,
    };
  }

  /** Starts ticking; the first tick is due one interval from now (callers warm up before). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.startMono = this.clock.now();
    this.nextIndex = 1;
    this.schedule();
  }

  /** Stops scheduling and waits for a tick in flight to finish. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight) await this.inFlight;
  }

  stats(): TickerStats {
    return { ...this.s };
  }

  private dueOf(index: number): number {
    return this.startMono + index * this.intervalMs;
  }

  private schedule(): void {
    if (!this.running) return;
    const delay = Math.max(0, this.dueOf(this.nextIndex) - this.clock.now());
    this.timer = this.clock.setTimeout(() => this.fire(), delay);
  }

  private fire(): void {
    this.timer = null;
    if (!this.running) return;
    const now = this.clock.now();
    let latest = Math.floor((now - this.startMono) / this.intervalMs);
    if (now - this.dueOf(latest) >= this.intervalMs / 2) latest++; // too late for this slot: wait for the next
    if (latest > this.nextIndex) {
      this.s.skipped += latest - this.nextIndex;
      this.nextIndex = latest;
      if (this.dueOf(latest) > now) {
        this.schedule();
        return;
      }
    }
    const index = this.nextIndex;
    const due = this.dueOf(index);
    this.nextIndex = index + 1;
    const lateness = Math.max(0, now - due);
    this.s.lastLatenessMs = lateness;
    if (lateness > this.s.maxLatenessMs) this.s.maxLatenessMs = lateness;
    this.inFlight = this.run(index, due);
  }

  private async run(index: number, due: number): Promise<void> {
    const t0 = this.clock.now();
    try {
      await this.onTick({ index, dueMono: due });
    } catch (err) {
      this.onError(err);
    }
    this.s.ticks++;
    this.s.lastDurationMs = this.clock.now() - t0;
    this.inFlight = null;
    this.schedule();
  }
}
