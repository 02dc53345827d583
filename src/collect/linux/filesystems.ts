// Filesystem space and inodes per mount. statfs of a local filesystem answers from the in-memory
// superblock, so it runs synchronously (a libuv-pool round trip costs several times the call on a
// VM); a network or FUSE mount can hang, so it goes to the pool with a timeout, like node_exporter's
// stuck-mount handling.

import { statfsSync as nodeStatfsSync, type StatsFs } from 'node:fs';
import { statfs as statfsAsync } from 'node:fs/promises';
import type { FilesystemError, FilesystemSample } from '../sample.js';
import { type MountEntry, parseMounts, readMountTable, selectMounts } from './mounts.js';

export type StatfsFn = (path: string) => Promise<StatsFs>;

export interface FilesystemOptions {
  /** How long one statfs of a mount that may hang can take before it is skipped and marked stale (ms). */
  timeoutMs?: number;
  /** The asynchronous statfs for mounts that may hang; replaceable so tests can stand in for a hung one. */
  statfs?: StatfsFn;
  /** The synchronous statfs for the other mounts. */
  statfsSync?: (path: string) => StatsFs;
  /** Which mounts may hang (default: network and FUSE filesystem types, see mayHang). */
  mayHang?: (m: MountEntry) => boolean;
  /** How long one read of the mount table is used (ms, default 10 s); a failed statfs forces a new read. */
  mountRefreshMs?: number;
}

// Filesystems whose statfs asks a server or a user-space daemon, which may never answer.
const HANGING_FS_TYPES =
  /^(9p|afs|beegfs|ceph|cifs|coda|davfs|fuse|fuse\..+|fuseblk|gfs2?|glusterfs|gpfs|lustre|ncpfs|nfs4?|ocfs2|orangefs|smb3?|smbfs|sshfs|virtiofs)$/;

/** Whether a statfs of this mount can block: a network or FUSE filesystem. */
export function mayHang(m: MountEntry): boolean {
  return HANGING_FS_TYPES.test(m.fstype);
}

const DEFAULT_TIMEOUT_MS = 1000;
// The kernel renders the whole mount table for every read (a few % of a tick's CPU) and mounts
// rarely change: a new mount shows within this time, a vanished one at once (its statfs fails).
const DEFAULT_MOUNT_REFRESH_MS = 10_000;

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

interface MountTable {
  text: string;
  mounts: MountEntry[];
  /** performance.now() of the read. */
  readAt: number;
  /** A statfs failed since: read the table again on the next call. */
  reread: boolean;
}

const tables = new Map<string, MountTable>();

/** The selected mounts under `root`, from a table read at most `refreshMs` ago. */
async function currentMounts(root: string, refreshMs: number): Promise<MountTable> {
  const now = performance.now();
  const t = tables.get(root);
  if (t !== undefined && !t.reread && now - t.readAt < refreshMs && now >= t.readAt) return t;
  const text = await readMountTable(root);
  // Same text: keep the parse.
  const mounts = t !== undefined && t.text === text ? t.mounts : selectMounts(parseMounts(text), root);
  const fresh = { text, mounts, readAt: now, reread: false };
  tables.set(root, fresh);
  return fresh;
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
  const statfsSync = opts.statfsSync ?? nodeStatfsSync;
  const hangs = opts.mayHang ?? mayHang;
  const table = await currentMounts(root, opts.mountRefreshMs ?? DEFAULT_MOUNT_REFRESH_MS);
  const mounts = table.mounts;
  const results: (FilesystemSample | null | Promise<FilesystemSample | null>)[] = new Array(mounts.length);
  let pending = false;
  for (let i = 0; i < mounts.length; i++) {
    const m = mounts[i];
    const path = statPath(root, m.mountpoint);
    if (!hangs(m)) {
      try {
        results[i] = toFilesystemSample(m, statfsSync(path));
      } catch {
        results[i] = null;
      }
    } else if (stale.has(path)) {
      results[i] = null;
    } else {
      pending = true;
      results[i] = statWithTimeout(path, statfs, timeoutMs).then((r) =>
        r.ok ? toFilesystemSample(m, r.stats) : null,
      );
    }
  }
  if (pending) for (let i = 0; i < results.length; i++) results[i] = await results[i];
  const filesystems: FilesystemSample[] = [];
  const errors: FilesystemError[] = [];
  if (results.includes(null)) table.reread = true;
  for (let i = 0; i < mounts.length; i++) {
    const r = results[i] as FilesystemSample | null;
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
