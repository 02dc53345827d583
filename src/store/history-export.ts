// `hostpulse export`: a time range of the store as CSV (one row per sample) or JSON (one object
// per series), streamed series by series so a year of data never sits in memory at once.
import type { Writable } from 'node:stream';
import { formatLabels } from '../export/exposition.js';
import { csvField } from './csv.js';
import type { Tsdb } from './tsdb/tsdb.js';

export type ExportFormat = 'csv' | 'json';

export interface ExportOptions {
  from: number;
  to: number;
  match?: string;
  format: ExportFormat;
  /** Called after each series with (done, total). */
  progress?: (done: number, total: number) => void;
}

function write(out: Writable, chunk: string): Promise<void> {
  return out.write(chunk) ? Promise.resolve() : new Promise((r) => out.once('drain', () => r()));
}

/** Writes the export; resolves with the number of samples written. */
export async function exportHistory(db: Tsdb, out: Writable, o: ExportOptions): Promise<number> {
  const series = db.listSeries(o.match).sort((a, b) => (a.name === b.name ? 0 : a.name < b.name ? -1 : 1));
  let samples = 0;
  if (o.format === 'csv') await write(out, 'series,name,labels,ts_unix,ts_iso,value\n');
  else await write(out, '[');
  for (let i = 0; i < series.length; i++) {
    const s = series[i];
    const points = db.rawSamples(s.name, s.labels, o.from, o.to);
    samples += points.length;
    if (o.format === 'csv') {
      const key = csvField(s.name + formatLabels(s.labels));
      const labels = csvField(JSON.stringify(s.labels));
      let buf = '';
      for (const [ts, v] of points) {
        buf += `${key},${s.name},${labels},${ts / 1000},${new Date(ts).toISOString()},${v}\n`;
        if (buf.length > 64 * 1024) {
          await write(out, buf);
          buf = '';
        }
      }
      if (buf) await write(out, buf);
    } else {
      const obj = {
        name: s.name,
        labels: s.labels,
        type: s.type,
        points: points.map(([ts, v]) => [ts / 1000, v]),
      };
      await write(out, `${i === 0 ? '' : ','}\n${JSON.stringify(obj)}`);
    }
    o.progress?.(i + 1, series.length);
  }
  if (o.format === 'json') await write(out, '\n]\n');
  return samples;
}

/** A one-line progress bar for a TTY. */
export function progressLine(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `\rexporting [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} series`;
}
