// The whole /metrics body: the tick's sample under node_exporter's names, the long-tail
// collectors, hostpulse's self metrics and prom-client's process/runtime/HTTP metrics. It is
// rendered lazily at most once per tick (and at least once a second), only when scraped.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import {
  collectLongTail,
  DEFAULT_LONGTAIL_COLLECTORS,
  LONGTAIL_COLLECTORS,
  type LongTailCollectorName,
} from '../collect/linux/longtail/index.js';
import { type ExpositionFormat, renderFamilies } from './exposition.js';
import type { MetricFamily } from './family.js';
import { promTextToOpenMetrics } from './openmetrics.js';
import { ScrapeCache } from './scrape-cache.js';

export interface ExpositionSources {
  root: string;
  /** The latest tick's host families (empty before the first tick). */
  hostFamilies: () => MetricFamily[];
  /** Latest values of pushed custom metrics. */
  customFamilies: () => MetricFamily[];
  selfFamilies: () => MetricFamily[];
  registry: Registry;
  intervalSec: number;
  log: Logger;
}

const PROCESSES_REFRESH_MS = 15_000;

export class HostExposition {
  readonly cache: ScrapeCache;
  private readonly failing = new Set<LongTailCollectorName>();
  private readonly failures = new Map<LongTailCollectorName, number>();
  private processes: MetricFamily[] = [];
  private processesAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly src: ExpositionSources) {
    this.cache = new ScrapeCache((format) => this.render(format), Math.min(1000, src.intervalSec * 1000));
  }

  /** A new sample arrived: the next scrape renders it. */
  onTick(): void {
    this.cache.invalidate();
  }

  /** Long-tail failures by collector, for self metrics. */
  failureCounts(): { collector: string; failures: number }[] {
    return LONGTAIL_COLLECTORS.map((c) => ({ collector: c, failures: this.failures.get(c) ?? 0 }));
  }

  private async render(format: ExpositionFormat): Promise<string> {
    const { families, errors } = collectLongTail(this.src.root, { collectors: DEFAULT_LONGTAIL_COLLECTORS });
    // `processes` walks every /proc/<pid> (~10 ms on a busy host): refreshed every 15 s at most.
    const now = performance.now();
    if (now - this.processesAt >= PROCESSES_REFRESH_MS) {
      const p = collectLongTail(this.src.root, { collectors: ['processes'] });
      this.processes = p.families;
      errors.push(...p.errors);
      this.processesAt = now;
    }
    families.push(...this.processes);
    const failedNow = new Set(errors.map((e) => e.collector));
    for (const e of errors) {
      this.failures.set(e.collector, (this.failures.get(e.collector) ?? 0) + 1);
      if (!this.failing.has(e.collector))
        this.src.log.warn({ collector: e.collector, err: e.error }, 'collector failed');
    }
    this.failing.clear();
    for (const c of failedNow) this.failing.add(c);
    const host = [...this.src.hostFamilies(), ...families];
    // A pushed metric may not shadow a host series of the same name: one family per name.
    const taken = new Set(host.map((f) => f.name));
    const own = [
      ...host,
      ...this.src.customFamilies().filter((f) => !taken.has(f.name)),
      ...this.src.selfFamilies(),
    ];
    const proc = await this.src.registry.metrics();
    if (format === 'openmetrics')
      return `${renderFamilies(own, format)}${promTextToOpenMetrics(proc)}# EOF\n`;
    return renderFamilies(own, format) + proc;
  }
}
