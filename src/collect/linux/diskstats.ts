// Block device I/O counters from /proc/diskstats, with per-second rates between reads.

import { readFileSync } from 'node:fs';
import type { DiskRates, DiskSample } from '../sample.js';
import { readProcFile } from './proc-file.js';

/** One /proc/diskstats line in kernel units (sectors, milliseconds). */
export interface RawDiskStat {
  major: number;
  minor: number;
  device: string;
  readsCompleted: number;
  readsMerged: number;
  sectorsRead: number;
  readTimeMs: number;
  writesCompleted: number;
  writesMerged: number;
  sectorsWritten: number;
  writeTimeMs: number;
  ioInProgress: number;
  ioTimeMs: number;
  ioTimeWeightedMs: number;
  /** Kernel ≥ 4.18 (18 fields). */
  discards: { completed: number; merged: number; sectors: number; timeMs: number } | null;
  /** Kernel ≥ 5.5 (20 fields). */
  flush: { requests: number; timeMs: number } | null;
}

// node_exporter's default --collector.diskstats.device-exclude: drops RAM disks, loop and floppy
// devices and partitions of sd/hd/vd/xvd/nvme disks, so each byte is counted once.
export const DISK_DEVICE_EXCLUDE = /^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$/;

/** Kernel sectors in /proc/diskstats are always 512 bytes, whatever the device's block size. */
export const SECTOR_BYTES = 512;

/** Parses /proc/diskstats (14, 18 or 20 fields a line); lines with fewer than 14 fields are skipped. */
export function parseDiskstats(text: string): RawDiskStat[] {
  const out: RawDiskStat[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    const n = (i: number): number => Number(f[i]);
    out.push({
      major: n(0),
      minor: n(1),
      device: f[2],
      readsCompleted: n(3),
      readsMerged: n(4),
      sectorsRead: n(5),
      readTimeMs: n(6),
      writesCompleted: n(7),
      writesMerged: n(8),
      sectorsWritten: n(9),
      writeTimeMs: n(10),
      ioInProgress: n(11),
      ioTimeMs: n(12),
      ioTimeWeightedMs: n(13),
      discards: f.length >= 18 ? { completed: n(14), merged: n(15), sectors: n(16), timeMs: n(17) } : null,
      flush: f.length >= 20 ? { requests: n(18), timeMs: n(19) } : null,
    });
  }
  return out;
}

/** Converts to node_exporter's units (bytes, seconds); rates are filled in by the collector. */
export function toDiskSample(r: RawDiskStat, rates: DiskRates | null = null): DiskSample {
  return {
    device: r.device,
    major: r.major,
    minor: r.minor,
    readsCompleted: r.readsCompleted,
    readsMerged: r.readsMerged,
    readBytes: r.sectorsRead * SECTOR_BYTES,
    readTimeSeconds: r.readTimeMs / 1000,
    writesCompleted: r.writesCompleted,
    writesMerged: r.writesMerged,
    writtenBytes: r.sectorsWritten * SECTOR_BYTES,
    writeTimeSeconds: r.writeTimeMs / 1000,
    ioInProgress: r.ioInProgress,
    ioTimeSeconds: r.ioTimeMs / 1000,
    ioTimeWeightedSeconds: r.ioTimeWeightedMs / 1000,
    discardsCompleted: r.discards?.completed ?? null,
    discardsMerged: r.discards?.merged ?? null,
    discardedSectors: r.discards?.sectors ?? null,
    discardTimeSeconds: r.discards ? r.discards.timeMs / 1000 : null,
    flushRequests: r.flush?.requests ?? null,
    flushRequestsTimeSeconds: r.flush ? r.flush.timeMs / 1000 : null,
    rates,
  };
}

/** Increase of a counter; a counter that went backwards (reset, wrap) counts as no increase. */
export function counterDelta(cur: number, prev: number): number {
  return cur >= prev ? cur - prev : 0;
}

export function diskRates(cur: RawDiskStat, prev: RawDiskStat, elapsedMs: number): DiskRates {
  const perSec = (d: number): number => (d * 1000) / elapsedMs;
  return {
    readBytesPerSec: perSec(counterDelta(cur.sectorsRead, prev.sectorsRead) * SECTOR_BYTES),
    writeBytesPerSec: perSec(counterDelta(cur.sectorsWritten, prev.sectorsWritten) * SECTOR_BYTES),
    readsPerSec: perSec(counterDelta(cur.readsCompleted, prev.readsCompleted)),
    writesPerSec: perSec(counterDelta(cur.writesCompleted, prev.writesCompleted)),
    busyPercent: Math.min(100, (counterDelta(cur.ioTimeMs, prev.ioTimeMs) / elapsedMs) * 100),
  };
}

export interface DiskCollectorOptions {
  /** How long the verdict of the device filter (and the udev record) is cached per name (ms). */
  refreshMs?: number;
  /** Device names to leave out; node_exporter's default when absent. */
  exclude?: RegExp;
  /** udev's database directory (node_exporter's --path.udev.data); `${root}/run/udev/data` by default. */
  udevDataDir?: string;
}

/** The udev properties node_exporter's diskstats collector turns into series. */
export const UDEV_PROPERTIES: ReadonlySet<string> = new Set([
  'ID_PATH',
  'ID_WWN',
  'ID_MODEL',
  'ID_SERIAL_SHORT',
  'ID_REVISION',
  'ID_FS_TYPE',
  'ID_FS_USAGE',
  'ID_FS_UUID',
  'ID_FS_VERSION',
  'DM_NAME',
  'DM_UUID',
  'DM_VG_NAME',
  'DM_LV_NAME',
  'DM_LV_LAYER',
  'ID_ATA',
  'ID_ATA_WRITE_CACHE',
  'ID_ATA_WRITE_CACHE_ENABLED',
  'ID_ATA_ROTATION_RATE_RPM',
]);

/** `E:KEY=value` lines of a udev database record (the other line kinds are links, tags, etc.). */
export function parseUdevRecord(
  text: string,
  keep: ReadonlySet<string> = UDEV_PROPERTIES,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('E:')) continue;
    const eq = line.indexOf('=', 2);
    if (eq === -1) continue;
    const key = line.slice(2, eq);
    if (keep.has(key)) out[key] = line.slice(eq + 1).replace(/\r$/, '');
  }
  return out;
}

/** Reads `${root}/proc/diskstats` each tick; keeps the previous counters for rates. */
export class DiskCollector {
  private readonly path: string;
  private readonly refreshMs: number;
  private readonly exclude: RegExp;
  // Filter verdict per device name, so the regex runs once per device per refresh period
  // instead of once per line per tick; cleared wholesale so renamed/hot-plugged devices are seen.
  private keep = new Map<string, boolean>();
  private keepSince: number | null = null;
  private prev = new Map<string, RawDiskStat>();
  private prevMs: number | null = null;
  private readonly udevDir: string;
  // udev record per device, read on first sight and again after each refresh of the filter cache
  // (null: no record). Static data, so it stays out of the per-tick reads.
  private udev = new Map<string, Readonly<Record<string, string>> | null>();

  constructor(root: string, opts: DiskCollectorOptions = {}) {
    const r = root.replace(/\/+$/, '');
    this.path = `${r}/proc/diskstats`;
    this.refreshMs = opts.refreshMs ?? 60_000;
    this.exclude = opts.exclude ?? DISK_DEVICE_EXCLUDE;
    this.udevDir = opts.udevDataDir ?? `${r}/run/udev/data`;
  }

  private udevRecord(r: RawDiskStat): Readonly<Record<string, string>> | null {
    let rec = this.udev.get(r.device);
    if (rec === undefined) {
      try {
        rec = Object.freeze(parseUdevRecord(readFileSync(`${this.udevDir}/b${r.major}:${r.minor}`, 'utf8')));
      } catch {
        rec = null;
      }
      this.udev.set(r.device, rec);
    }
    return rec;
  }

  /** `monoMs` is a monotonic clock reading (performance.now()), used only for rate intervals. */
  read(monoMs: number): DiskSample[] {
    return this.update(parseDiskstats(readProcFile(this.path, 'utf8')), monoMs);
  }

  /** The pure half of read(): filters and computes rates against the previous call. */
  update(raw: RawDiskStat[], monoMs: number): DiskSample[] {
    if (this.keepSince === null || monoMs - this.keepSince >= this.refreshMs || monoMs < this.keepSince) {
      this.keep.clear();
      this.udev.clear();
      this.keepSince = monoMs;
    }
    const elapsedMs = this.prevMs === null ? 0 : monoMs - this.prevMs;
    const next = new Map<string, RawDiskStat>();
    const out: DiskSample[] = [];
    for (const r of raw) {
      let keep = this.keep.get(r.device);
      if (keep === undefined) {
        keep = !this.exclude.test(r.device);
        this.keep.set(r.device, keep);
      }
      if (!keep) continue;
      const before = this.prev.get(r.device);
      const sample = toDiskSample(r, before && elapsedMs > 0 ? diskRates(r, before, elapsedMs) : null);
      const udev = this.udevRecord(r);
      if (udev !== null) sample.udev = udev;
      out.push(sample);
      next.set(r.device, r);
    }
    // A repeated or out-of-order clock reading gives no interval: keep the older baseline.
    if (this.prevMs === null || elapsedMs > 0) {
      this.prev = next;
      this.prevMs = monoMs;
    }
    return out;
  }
}
