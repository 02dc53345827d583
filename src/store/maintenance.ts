// Runs the store's background work (folding, compaction, rollups, retention) in short slices
// between ticks: each Tsdb.maintain() call is bounded (≈ 8 ms), and the next slice waits for
// setImmediate so HTTP requests and the next tick interleave with a long compaction.
import type { Logger } from 'pino';
import type { Tsdb } from './tsdb/tsdb.js';

export class Maintenance {
  private scheduled = false;
  private stopped = false;
  private slices = 0;
  private failures = 0;
  private failing = false;

  constructor(
    private readonly store: Tsdb,
    private readonly log: Logger,
  ) {}

  /** Called after each append: starts a run of slices unless one is going. */
  kick(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => this.slice());
  }

  stop(): void {
    this.stopped = true;
  }

  stats(): { slices: number; failures: number } {
    return { slices: this.slices, failures: this.failures };
  }

  private slice(): void {
    this.scheduled = false;
    if (this.stopped) return;
    let more = false;
    try {
      more = this.store.maintain().more;
      this.slices++;
      this.failing = false;
    } catch (err) {
      this.failures++;
      if (!this.failing) this.log.error({ err }, 'store maintenance failed');
      this.failing = true;
    }
    if (more) this.kick();
  }
}
