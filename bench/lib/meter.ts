// Measures one process over a window: CPU seconds from the utime+stime delta, RSS sampled
// whenever the bench calls sample() (once a second in the overhead bench).
import { clockTicksPerSecond, readProcCpuTicks, readProcMemory } from './procfs.js';
import { lastHalf, max, median } from './stats.js';

export interface ProcessFigures {
  pid: number;
  /** Wall-clock length of the window, seconds. */
  wallSec: number;
  /** utime+stime spent in the window, seconds (resolution: one clock tick). */
  cpuSec: number;
  /** cpuSec / wallSec × 100: share of one core. */
  cpuPercent: number;
  /** Median RSS over the last half of the samples, bytes. */
  rssSteadyBytes: number;
  /** Largest RSS sample in the window, bytes. */
  rssMaxBytes: number;
  /** Peak RSS since the process started (VmHWM), start-up included, bytes. */
  rssPeakBytes: number | null;
  rssSamples: number;
}

export class ProcessMeter {
  private startTicks = 0;
  private startWall = 0;
  private readonly rss: number[] = [];
  private hwm: number | null = null;

  constructor(
    readonly pid: number,
    private readonly root = '',
  ) {}

  /** Takes the baseline: CPU spent before this call (start-up, warm-up) is not counted. */
  begin(): void {
    const t = readProcCpuTicks(this.pid, this.root);
    this.startTicks = t.utime + t.stime;
    this.startWall = performance.now();
    this.rss.length = 0;
  }

  sample(): void {
    const m = readProcMemory(this.pid, this.root);
    this.rss.push(m.rssBytes);
    this.hwm = m.hwmBytes;
  }

  end(): ProcessFigures {
    const t = readProcCpuTicks(this.pid, this.root);
    const wallSec = (performance.now() - this.startWall) / 1000;
    const cpuSec = (t.utime + t.stime - this.startTicks) / clockTicksPerSecond();
    this.sample();
    return {
      pid: this.pid,
      wallSec,
      cpuSec,
      cpuPercent: wallSec > 0 ? (cpuSec / wallSec) * 100 : Number.NaN,
      rssSteadyBytes: median(lastHalf(this.rss)),
      rssMaxBytes: max(this.rss),
      rssPeakBytes: this.hwm,
      rssSamples: this.rss.length,
    };
  }
}
