// Mount table (/proc/1/mounts) parsing and node_exporter's default filesystem filters.

import { readProcFile } from './proc-file.js';

export interface MountEntry {
  device: string;
  /** Mount point as the host sees it (the rootfs prefix stripped, see selectMounts). */
  mountpoint: string;
  fstype: string;
  options: string[];
}

// Defaults of node_exporter 1.5's collector/filesystem_linux.go (defFSTypesExcluded,
// defMountPointsExcluded). Later releases added erofs to the type list; 1.5 is our reference.
export const FS_TYPES_EXCLUDE =
  /^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$/;
export const MOUNT_POINTS_EXCLUDE =
  /^\/(dev|proc|run\/credentials\/.+|sys|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+)($|\/)/;

/** Undoes the kernel's octal escaping of space, tab, newline and backslash in mount fields. */
export function decodeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)));
}

/** Parses /proc/mounts format: `device mountpoint fstype options dump pass`. Short lines are skipped. */
export function parseMounts(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 4) continue;
    out.push({
      device: decodeMountField(parts[0]),
      mountpoint: decodeMountField(parts[1]),
      fstype: parts[2],
      options: parts[3].split(','),
    });
  }
  return out;
}

export function isExcludedMount(m: MountEntry): boolean {
  return MOUNT_POINTS_EXCLUDE.test(m.mountpoint) || FS_TYPES_EXCLUDE.test(m.fstype);
}

/**
 * Strips the rootfs prefix the way node_exporter's rootfsStripPrefix does (when the mount table
 * was read inside a container that sees the host under `root`), but only at a path boundary.
 */
export function stripRoot(mountpoint: string, root: string): string {
  const r = root.replace(/\/+$/, '');
  if (r === '') return mountpoint;
  if (mountpoint === r) return '/';
  if (mountpoint.startsWith(`${r}/`)) return mountpoint.slice(r.length);
  return mountpoint;
}

/**
 * Applies the default filters and keeps one entry per mount point. For stacked mounts the last
 * entry wins since that is the filesystem statfs actually reaches; it keeps the first one's position.
 */
export function selectMounts(entries: MountEntry[], root = '/'): MountEntry[] {
  const byPoint = new Map<string, MountEntry>();
  for (const e of entries) {
    const m = { ...e, mountpoint: stripRoot(e.mountpoint, root) };
    if (isExcludedMount(m)) continue;
    byPoint.set(m.mountpoint, m);
  }
  return [...byPoint.values()];
}

/**
 * Reads `${root}/proc/1/mounts`, falling back to `${root}/proc/mounts` (hidepid hides pid 1).
 * Synchronous on purpose: procfs never blocks, and a threadpool round trip costs ~8× more here.
 */
export async function readMountTable(root: string): Promise<string> {
  try {
    return readProcFile(`${root}/proc/1/mounts`, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'EACCES')
      throw err;
    return readProcFile(`${root}/proc/mounts`, 'utf8');
  }
}
