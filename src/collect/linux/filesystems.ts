// Filesystem space and inodes per mount, via statfs off the main thread.

import type { StatsFs } from 'node:fs';
import { statfs as statfsAsync } from 'node:fs/promises';
import type { FilesystemError, FilesystemSample } from '../sample.js';
import { type MountEntry, parseMounts, readMountTable, selectMounts } from './mounts.js';

export type StatfsFn = (path: string) => Promise<StatsFs>;

export interface FilesystemOptions {
  /** How long one statfs may take before its mount is skipped and marked stale (ms). */
  timeoutMs?: number;
  /** The statfs call; replaceable so tests can stand in for a hung network mount. */
  statfs?: StatfsFn;
}

const DEFAULT_TIMEOUT_MS = 1000;

// Paths whose statfs timed out and has not returned yet. Process-wide like node_exporter's
// stuckMounts: a hung NFS statfs holds a libuv pool thread, and asking again would take another.
const stale = new Set<string>();

/** Paths currently skipped because an earlier statfs on them has not returned. */
export function staleMounts(): string[] {
  return [...stale];
}

function statPath(root: string, mountpoint: string): string {
  const r = root.replace(/\/+$/, '');
  return r === '' ? mountpoint : `${r}${mountpoint}`;
}

export function toFilesystemSample(m: MountEntry, s: StatsFs): FilesystemSample {
  const size = s.blocks * s.bsize;
  const free = s.bfree * s.bsize;
  const avail = s.bavail * s.bsize;
  const used = size - free;
  const denom = used + avail;
  return {
    device: m.device,
    mountpoint: m.mountpoint,
    fstype: m.fstype,
    size,
    free,
    avail,
    used,
    percent: denom > 0 ? (used / denom) * 100 : 0,
    files: s.files,
    filesFree: s.ffree,
    readonly: m.options.includes('ro'),
  };
}

type Outcome = { ok: true; stats: StatsFs } | { ok: false };

function statWithTimeout(path: string, statfs: StatfsFn, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      stale.add(path);
      resolve({ ok: false });
    }, timeoutMs);
    // new Promise turns a statfs that throws synchronously into a rejection like any other failure
    new Promise<StatsFs>((res) => res(statfs(path))).then(
      (stats) => {
        stale.delete(path);
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ok: true, stats });
      },
      () => {
        stale.delete(path);
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ok: false });
      },
    );
  });
}

export interface FilesystemsRead {
  filesystems: FilesystemSample[];
  /** Mounts that passed the filters but whose statfs failed, timed out or is still hung. */
  errors: FilesystemError[];
}

/**
 * Mounted filesystems after node_exporter's default filters, in mount-table order, plus the mounts
 * whose statfs failed or timed out this tick (node_exporter's device_error). A timed-out mount is
 * not asked again until its pending call returns.
 */
export async function readFilesystemsDetailed(
  root: string,
  opts: FilesystemOptions = {},
): Promise<FilesystemsRead> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const statfs = opts.statfs ?? ((p: string) => statfsAsync(p));
  const mounts = selectMounts(parseMounts(await readMountTable(root)), root);
  const results = await Promise.all(
    mounts.map(async (m) => {
      const path = statPath(root, m.mountpoint);
      if (stale.has(path)) return null;
      const r = await statWithTimeout(path, statfs, timeoutMs);
      return r.ok ? toFilesystemSample(m, r.stats) : null;
    }),
  );
  const filesystems: FilesystemSample[] = [];
  const errors: FilesystemError[] = [];
  for (let i = 0; i < mounts.length; i++) {
    const r = results[i];
    if (r !== null) filesystems.push(r);
    else
      errors.push({ device: mounts[i].device, mountpoint: mounts[i].mountpoint, fstype: mounts[i].fstype });
  }
  return { filesystems, errors };
}

/** The filesystems of readFilesystemsDetailed, without the failed mounts. */
export async function readFilesystems(
  root: string,
  opts: FilesystemOptions = {},
): Promise<FilesystemSample[]> {
  return (await readFilesystemsDetailed(root, opts)).filesystems;
}
