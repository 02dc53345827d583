import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { closeProcFiles, readProcFile } from '../../../src/collect/linux/proc-file.js';

test('reads a live procfs file again and again through one descriptor', () => {
  // Count this process's descriptors open on /proc/stat (other descriptors come and go).
  const onStat = () =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === '/proc/stat';
      } catch {
        return false;
      }
    }).length;
  closeProcFiles();
  assert.equal(onStat(), 0);
  const a = readProcFile('/proc/stat');
  const b = readProcFile('/proc/stat');
  assert.match(a, /^cpu /);
  assert.match(b, /^cpu /);
  assert.equal(onStat(), 1, 'one descriptor kept, not one per read');
  // The kept read equals a plain read of the same file.
  assert.equal(
    readProcFile('/proc/sys/kernel/osrelease'),
    readFileSync('/proc/sys/kernel/osrelease', 'latin1'),
  );
  closeProcFiles();
  assert.equal(onStat(), 0);
});

test('paths outside /proc are read plainly, so a replaced file is always seen', () => {
  const dir = mkdtempSync(join(tmpdir(), 'procfile-'));
  try {
    const p = join(dir, 'f');
    assert.throws(() => readProcFile(p), /ENOENT/);
    writeFileSync(p, 'x'.repeat(50_000));
    assert.equal(readProcFile(p).length, 50_000);
    rmSync(p);
    writeFileSync(p, 'two');
    assert.equal(readProcFile(p), 'two');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
