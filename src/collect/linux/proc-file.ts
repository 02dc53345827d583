// Per-tick procfs reads through a kept-open descriptor: pread from offset 0 regenerates a
// seq_file, so open/close (two syscalls, ~60 µs in a VM) happen once instead of every second.
// Any error drops the descriptor and the next read reopens the path, so a file that vanishes
// and comes back (a container root being remounted) is followed.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

class KeptFile {
  private fd: number | null = null;
  private buf = Buffer.allocUnsafe(8192);

  constructor(private readonly path: string) {}

  read(encoding: BufferEncoding): string {
    this.fd ??= openSync(this.path, 'r');
    try {
      let len = 0;
      for (;;) {
        if (len === this.buf.length) {
          const bigger = Buffer.allocUnsafe(this.buf.length * 2);
          this.buf.copy(bigger, 0, 0, len);
          this.buf = bigger;
        }
        const n = readSync(this.fd, this.buf, len, this.buf.length - len, len);
        if (n === 0) break;
        len += n;
      }
      return this.buf.toString(encoding, 0, len);
    } catch (err) {
      this.close();
      throw err;
    }
  }

  close(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already gone.
    }
    this.fd = null;
  }
}

const kept = new Map<string, KeptFile>();

/**
 * The text of a small procfs file (latin1 by default: most procfs files are ASCII; names a user
 * chose, like mount points, need utf8). Live /proc paths go through a kept
 * descriptor; anything else (a fixture tree, a container root's copy) is read plainly, since a
 * regular file can be replaced under a kept descriptor.
 */
export function readProcFile(path: string, encoding: 'latin1' | 'utf8' = 'latin1'): string {
  if (!path.startsWith('/proc/')) return readFileSync(path, encoding);
  let f = kept.get(path);
  if (!f) {
    f = new KeptFile(path);
    kept.set(path, f);
  }
  return f.read(encoding);
}

/** Closes every kept descriptor (tests, shutdown). */
export function closeProcFiles(): void {
  for (const f of kept.values()) f.close();
  kept.clear();
}
