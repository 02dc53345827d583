// The one place each tick's sample fans out to its sinks. A sink that throws is logged
// (once per failure streak) and counted; the other sinks still get the sample.
import type { Logger } from 'pino';
import type { HostSample } from './collect/sample.js';
import type { FlatSample } from './views/flat.js';

export type Sink = (sample: HostSample, flat: FlatSample) => void;

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

  publish(sample: HostSample, flat: FlatSample): void {
    for (const s of this.sinks) {
      try {
        s.fn(sample, flat);
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
