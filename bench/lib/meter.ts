// Measures one process over a window: CPU seconds from the utime+stime delta, RSS sampled
// whenever the bench calls sample() (once a second in the overhead bench).
import { clockTicksPerSecond, readProcCpuTicks, readProcMemory, readThreadTicks } from './procfs.js';
import { lastHalf, max, median } from './stats.js';

export interface ProcessFigures {
  pid: number;
  /** Wall-clock length of the window, seconds. */
  wallSec: number;
  /** utime+stime spent in the window, seconds (resolution: one clock tick). */
  cpuSec: number;
  /** cpuSec / wallSec × 100: share of one core. */
  cpuPercent: number;
  /**
   * Share of one core in the first and in the second half of the window: a first half well above
   * the second means start-up work (JIT, caches) still leaked into the window.
   */
  cpuPercentHalves: [number, number];
  /** Share of one core spent by the main thread and by all other threads (see ThreadTicks). */
  cpuPercentMainThread: number;
  cpuPercentOtherThreads: number;
  /** Median RSS over the last half of the samples, bytes. */
  rssSteadyBytes: number;
  /** Largest RSS sample in the window, bytes. */
  rssMaxBytes: number;
  /** Peak RSS since the process started (VmHWM), start-up included, bytes. */
  rssPeakBytes: number | null;
  rssSamples: number;
}

interface Mark {
  wallMs: number;
  ticks: number;
}

export class ProcessMeter {
  private start: Mark = { wallMs: 0, ticks: 0 };
  private startMain = 0;
  private startOthers = 0;
  private readonly marks: Mark[] = [];
  private readonly rss: number[] = [];
  private hwm: number | null = null;

  constructor(
    readonly pid: number,
    private readonly root = '',
  ) {}

  private mark(): Mark {
    const t = readProcCpuTicks(this.pid, this.root);
    return { wallMs: performance.now(), ticks: t.utime + t.stime };
  }

  /** Takes the baseline: CPU spent before this call (start-up, warm-up) is not counted. */
  begin(): void {
    const th = readThreadTicks(this.pid, this.root);
    this.startMain = th.main;
    this.startOthers = th.others;
    this.start = this.mark();
    this.marks.length = 0;
    this.rss.length = 0;
  }

  sample(): void {
    const m = readProcMemory(this.pid, this.root);
    this.marks.push(this.mark());
    this.rss.push(m.rssBytes);
    this.hwm = m.hwmBytes;
  }

  end(): ProcessFigures {
    const th = readThreadTicks(this.pid, this.root);
    this.sample();
    const hz = clockTicksPerSecond();
    const last = this.marks[this.marks.length - 1];
    const mid = this.marks[Math.floor((this.marks.length - 1) / 2)];
    const pct = (a: Mark, b: Mark) =>
      b.wallMs > a.wallMs ? ((b.ticks - a.ticks) / hz / ((b.wallMs - a.wallMs) / 1000)) * 100 : Number.NaN;
    const wallSec = (last.wallMs - this.start.wallMs) / 1000;
    const cpuSec = (last.ticks - this.start.ticks) / hz;
    const share = (ticks: number) => (wallSec > 0 ? (ticks / hz / wallSec) * 100 : Number.NaN);
    return {
      pid: this.pid,
      wallSec,
      cpuSec,
      cpuPercent: pct(this.start, last),
      cpuPercentHalves: [pct(this.start, mid), pct(mid, last)],
      cpuPercentMainThread: share(th.main - this.startMain),
      cpuPercentOtherThreads: share(th.others - this.startOthers),
      rssSteadyBytes: median(lastHalf(this.rss)),
      rssMaxBytes: max(this.rss),
      rssPeakBytes: this.hwm,
      rssSamples: this.rss.length,
    };
  }
}
