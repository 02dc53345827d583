// File access shared by the collectors: whole-file reads for procfs, and procfs-library style
// single 128-byte reads for sysfs attributes (util.SysReadFile) so values and failures match.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Go's errors.Is(err, os.ErrNotExist). */
export function isNotExist(err: unknown): boolean {
  const code = errnoCode(err);
  return code === 'ENOENT';
}

/** Go's os.IsPermission. */
export function isPermission(err: unknown): boolean {
  const code = errnoCode(err);
  return code === 'EACCES' || code === 'EPERM';
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Like readText but undefined when the file does not exist. */
export function readTextIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (isNotExist(err)) return undefined;
    throw err;
  }
}

const SYS_BUFFER = 128;
const sysBuf = Buffer.alloc(SYS_BUFFER);

/** util.SysReadFile: one read of at most 128 bytes, whitespace-trimmed. */
export function sysReadFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, sysBuf, 0, SYS_BUFFER, null);
    return sysBuf.toString('utf8', 0, n).trim();
  } finally {
    closeSync(fd);
  }
}

/** util.ReadUintFromFile: whole file, trimmed, strconv.ParseUint base 10. */
export function readUintFromFile(path: string): number {
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9]+$/.test(text))
    throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`);
  const v = BigInt(text);
  if (v > 2n ** 64n - 1n)
    throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range`);
  return Number(v);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
