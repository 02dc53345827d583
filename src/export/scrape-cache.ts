// Caches the rendered host exposition per tick and format, plain and gzip'd. Rendering is lazy:
// a tick nobody scrapes costs nothing; every scrape within a tick reuses one rendering.
import type { ExpositionFormat } from './exposition.js';
import { type GzipPrefix, gzipPrefix } from './gzip-splice.js';

interface Entry {
  text: string;
  gzip: GzipPrefix | null;
}

export class ScrapeCache {
  private entries = new Map<ExpositionFormat, Entry>();
  private renderCount = 0;

  constructor(private readonly render: (format: ExpositionFormat) => string) {}

  /** Called once per tick: the next scrape renders the new sample. */
  invalidate(): void {
    this.entries.clear();
  }

  /** Renderings since start (a tick scraped in both formats counts two). */
  get renders(): number {
    return this.renderCount;
  }

  text(format: ExpositionFormat): string {
    return this.entry(format).text;
  }

  /** The rendering as a reusable gzip prefix (see gzip-splice.ts). */
  gzip(format: ExpositionFormat): GzipPrefix {
    const e = this.entry(format);
    e.gzip ??= gzipPrefix(e.text);
    return e.gzip;
  }

  private entry(format: ExpositionFormat): Entry {
    let e = this.entries.get(format);
    if (!e) {
      e = { text: this.render(format), gzip: null };
      this.renderCount++;
      this.entries.set(format, e);
    }
    return e;
  }
}
