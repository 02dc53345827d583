// Daily CSV files in the reference agent's layout (csv_dir/metrics-YYYY-MM-DD.csv), kept for
// retention_days. Rows go through a kept-open fd with a synchronous write: at 1 Hz a syscall per
// row is cheap, and nothing sits in a userland buffer that a kill -9 would lose.

import * as fs from 'node:fs';
import { join } from 'node:path';
import type { FlatSample } from '../views/flat.js';

export const CSV_HEADER =
  'ts_iso,host,cpu_total,cpu_per_core,mem_percent,mem_total,mem_used,swap_percent,swap_total,swap_used,freq_mhz';

const FILE_RE = /^metrics-(\d{4})-(\d{2})-(\d{2})\.csv$/;
const DAY_MS = 86_400_000;

/** The subset of a pino logger this module uses, so tests can pass a recorder. */
export interface CsvLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface CsvWriterOptions {
  dir: string;
  /** Days of files kept besides today's; 0 keeps everything. */
  retentionDays: number;
  /** Wall clock in unix ms; injectable for tests. */
  now?: () => number;
  log: CsvLog;
}

export interface CsvWriterStats {
  rowsWritten: number;
  /** Rows that could not be written (each failed append counts once). */
  writeFailures: number;
  filesPruned: number;
  /** Path of the open file, null when none is open. */
  currentFile: string | null;
}

/** UTC calendar date `YYYY-MM-DD` of a unix-ms instant. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function csvFileName(day: string): string {
  return `metrics-${day}.csv`;
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling inner quotes. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvRow(s: FlatSample): string {
  const fields = [
    s.ts_iso,
    csvField(s.host),
    String(s.cpu_total),
    // A JSON list always holds commas, so it is always quoted.
    `"${JSON.stringify(s.cpu_per_core).replace(/"/g, '""')}"`,
    String(s.mem_percent),
    String(s.mem_total),
    String(s.mem_used),
    String(s.swap_percent),
    String(s.swap_total),
    String(s.swap_used),
    // Python's csv module writes None as an empty field.
    s.freq_mhz === null ? '' : String(s.freq_mhz),
  ];
  return `${fields.join(',')}\n`;
}

function errInfo(e: unknown): { code: string | undefined; error: string } {
  const err = e as NodeJS.ErrnoException;
  return { code: err?.code, error: err?.message ?? String(e) };
}

/** Writes all of buf, looping over short writes (a full disk can accept part of a row). */
function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
}

interface OpenFile {
  fd: number;
  day: string;
  path: string;
  /** Identity of the file we hold, to notice it being deleted or replaced under us. */
  dev: number;
  ino: number;
}

export class CsvWriter {
  private readonly dir: string;
  private readonly retentionDays: number;
  private readonly now: () => number;
  private readonly log: CsvLog;
  private file: OpenFile | null = null;
  private rowsWritten = 0;
  private writeFailures = 0;
  private filesPruned = 0;
  /** Failures since the last good write; the streak is logged once, not every second. */
  private streak = 0;

  constructor(opts: CsvWriterOptions) {
    this.dir = opts.dir;
    this.retentionDays = opts.retentionDays;
    this.now = opts.now ?? Date.now;
    this.log = opts.log;
    this.prune();
  }

  /** Appends one row to the file of the sample's own UTC day; never throws. */
  append(s: FlatSample): void {
    const day = utcDay(Math.round(s.ts_unix * 1000));
    try {
      const f = this.fileFor(day);
      writeAll(f.fd, Buffer.from(csvRow(s)));
      this.rowsWritten++;
      if (this.streak > 0) {
        this.log.info({ file: f.path, failedRows: this.streak }, 'csv writes recovered');
        this.streak = 0;
      }
    } catch (e) {
      this.writeFailures++;
      if (this.streak === 0) {
        this.log.warn({ dir: this.dir, ...errInfo(e) }, 'csv write failed; retrying on each sample');
      }
      this.streak++;
      // Drop the fd so the next sample reopens (and recreates the dir) instead of reusing a bad handle.
      this.closeFile();
    }
  }

  /**
   * Deletes metrics-YYYY-MM-DD.csv files dated before (today − retentionDays), the reference's
   * `date < cutoff` rule: with 7 days, a file exactly 7 days old is kept, one 8 days old goes.
   * Other files are never touched. Returns the number of files deleted; never throws.
   */
  prune(): number {
    if (this.retentionDays <= 0) return 0;
    const cutoff = utcDay(Date.parse(`${utcDay(this.now())}T00:00:00Z`) - this.retentionDays * DAY_MS);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(this.dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log.warn({ dir: this.dir, ...errInfo(e) }, 'csv prune: cannot list directory');
      }
      return 0;
    }
    let deleted = 0;
    for (const ent of entries) {
      if (!ent.isFile() && !ent.isSymbolicLink()) continue;
      const day = fileDay(ent.name);
      if (day === null || day >= cutoff) continue;
      const path = join(this.dir, ent.name);
      try {
        fs.unlinkSync(path);
        deleted++;
        this.log.info({ file: path, cutoff }, 'csv pruned');
      } catch (e) {
        this.log.warn({ file: path, ...errInfo(e) }, 'csv prune: cannot delete');
      }
    }
    this.filesPruned += deleted;
    return deleted;
  }

  close(): void {
    this.closeFile();
  }

  stats(): CsvWriterStats {
    return {
      rowsWritten: this.rowsWritten,
      writeFailures: this.writeFailures,
      filesPruned: this.filesPruned,
      currentFile: this.file?.path ?? null,
    };
  }

  private fileFor(day: string): OpenFile {
    const f = this.file;
    if (f !== null && f.day === day && this.stillOurs(f)) return f;
    this.closeFile();
    this.file = this.open(day);
    return this.file;
  }

  /** One stat per row notices the file or its dir being removed; writing on would lose the rows. */
  private stillOurs(f: OpenFile): boolean {
    const st = fs.statSync(f.path, { throwIfNoEntry: false });
    return st !== undefined && st.dev === f.dev && st.ino === f.ino;
  }

  private open(day: string): OpenFile {
    fs.mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, csvFileName(day));
    // 'a+' rather than 'a': writes still always append, and the last byte can be read back.
    const fd = fs.openSync(path, 'a+');
    try {
      const st = fs.fstatSync(fd);
      if (st.size === 0) {
        writeAll(fd, Buffer.from(`${CSV_HEADER}\n`));
      } else if (!endsWithNewline(fd, st.size)) {
        // A row cut short (full disk, crash) must not swallow the next one.
        writeAll(fd, Buffer.from('\n'));
      }
      return { fd, day, path, dev: st.dev, ino: st.ino };
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
  }

  private closeFile(): void {
    const f = this.file;
    this.file = null;
    if (f === null) return;
    try {
      fs.closeSync(f.fd);
    } catch {
      // The fd is gone either way; a close error on a file we no longer write has nothing to report.
    }
  }
}

function endsWithNewline(fd: number, size: number): boolean {
  const b = Buffer.alloc(1);
  return fs.readSync(fd, b, 0, 1, size - 1) === 1 && b[0] === 0x0a;
}

/** The date of a metrics-YYYY-MM-DD.csv name, or null for any other name or an impossible date. */
export function fileDay(name: string): string | null {
  const m = FILE_RE.exec(name);
  if (m === null) return null;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(ms) && utcDay(ms) === day ? day : null;
}

/** Prunes every hour on an unref'd timer (it never keeps the process alive); returns the stopper. */
export function startHourlyPrune(writer: CsvWriter, intervalMs = 3_600_000): () => void {
  const t = setInterval(() => writer.prune(), intervalMs);
  t.unref();
  return () => clearInterval(t);
}
