// The one place each tick's sample fans out to its sinks. A sink that throws is logged
// (once per failure streak) and counted; the other sinks still get the sample.
import type { Logger } from 'pino';
import type { HostSample } from './collect/sample.js';
import type { MetricFamily } from './export/family.js';
import type { FlatSample } from './views/flat.js';

/** One tick in the shapes its consumers want, each computed once. */
export interface Tick {
  sample: HostSample;
  flat: FlatSample;
  /** The host series under node_exporter's names, as /metrics serves them. */
  families: MetricFamily[];
}

export type Sink = (tick: Tick) => void;

interface SinkEntry {
  name: string;
  fn: Sink;
  failures: number;
  failing: boolean;
}

export class Pipeline {
  private readonly sinks: SinkEntry[] = [];

  constructor(private readonly log: Logger) {}

  add(name: string, fn: Sink): void {
    this.sinks.push({ name, fn, failures: 0, failing: false });
  }

  publish(tick: Tick): void {
    for (const s of this.sinks) {
      try {
        s.fn(tick);
        s.failing = false;
      } catch (err) {
        s.failures++;
        if (!s.failing) this.log.error({ err, sink: s.name }, 'sink failed');
        s.failing = true;
      }
    }
  }

  stats(): { name: string; failures: number }[] {
    return this.sinks.map((s) => ({ name: s.name, failures: s.failures }));
  }
}
