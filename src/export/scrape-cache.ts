// Caches the rendered host exposition per tick and format, plain and gzip'd. Rendering is lazy:
// a tick nobody scrapes costs nothing; every scrape within a tick reuses one rendering.
import { gzipSync } from 'node:zlib';
import type { ExpositionFormat } from './exposition.js';

interface Entry {
  text: string;
  gzip: Buffer | null;
}

export class ScrapeCache {
  private entries = new Map<ExpositionFormat, Entry>();
  private generation = 0;

  constructor(private readonly render: (format: ExpositionFormat) => string) {}

  /** Called once per tick: the next scrape renders the new sample. */
  invalidate(): void {
    this.entries.clear();
    this.generation++;
  }

  get renders(): number {
    return this.generation;
  }

  text(format: ExpositionFormat): string {
    return this.entry(format).text;
  }

  gzip(format: ExpositionFormat): Buffer {
    const e = this.entry(format);
    e.gzip ??= gzipSync(e.text, { level: 6 });
    return e.gzip;
  }

  private entry(format: ExpositionFormat): Entry {
    let e = this.entries.get(format);
    if (!e) {
      e = { text: this.render(format), gzip: null };
      this.entries.set(format, e);
    }
    return e;
  }
}
