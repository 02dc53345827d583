// Caches the rendered /metrics body per format, plain and gzip'd. Rendering is lazy: a tick
// nobody scrapes costs nothing; every scrape within a tick (or within maxAgeMs, for long
// intervals) reuses one rendering, and concurrent scrapes share the one in flight.
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import type { ExpositionFormat } from './exposition.js';

const gzipAsync = promisify(gzipCb);

interface Entry {
  text: Promise<string>;
  gzip: Promise<Buffer> | null;
  bornMono: number;
}

export class ScrapeCache {
  private entries = new Map<ExpositionFormat, Entry>();
  private renderCount = 0;

  constructor(
    private readonly render: (format: ExpositionFormat) => Promise<string>,
    private readonly maxAgeMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Called once per tick: the next scrape renders the new sample. */
  invalidate(): void {
    this.entries.clear();
  }

  /** Renderings since start (a tick scraped in both formats counts two). */
  get renders(): number {
    return this.renderCount;
  }

  text(format: ExpositionFormat): Promise<string> {
    return this.entry(format).text;
  }

  gzip(format: ExpositionFormat): Promise<Buffer> {
    const e = this.entry(format);
    e.gzip ??= e.text.then((t) => gzipAsync(t, { level: 6 }));
    return e.gzip;
  }

  private entry(format: ExpositionFormat): Entry {
    const now = this.now();
    let e = this.entries.get(format);
    if (!e || now - e.bornMono > this.maxAgeMs) {
      const text = this.render(format);
      e = { text, gzip: null, bornMono: now };
      this.entries.set(format, e);
      this.renderCount++;
      // A failed rendering must not be served from the cache to the next scrape.
      text.catch(() => {
        if (this.entries.get(format) === e) this.entries.delete(format);
      });
    }
    return e;
  }
}
