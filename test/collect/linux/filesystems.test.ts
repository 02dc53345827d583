import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, type StatsFs, statfsSync, writeFileSync } from 'node:fs';
import { statfs as statfsAsync } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  mayHang,
  readFilesystems,
  readFilesystemsDetailed,
  staleMounts,
  toFilesystemSample,
} from '../../../src/collect/linux/filesystems.js';

const ROOT = join(new URL('../../fixtures/proc/', import.meta.url).pathname, 'mounts-mixed');

test('readFilesystems statfs-es each kept mount under the root; pseudo and missing ones are dropped', async () => {
  const before = new Map<string, StatsFs>();
  const paths = ['/run', '/', '/boot/efi', '/data', '/mnt/my disk'];
  for (const p of paths) before.set(p, statfsSync(join(ROOT, p)));
  const fss = await readFilesystems(ROOT);
  // /gone is selected but has no directory under the root: its statfs fails and it is skipped
  assert.deepEqual(
    fss.map((f) => f.mountpoint),
    paths,
  );
  const data = fss[3];
  assert.equal(data.device, '/dev/sdd1');
  assert.equal(data.fstype, 'xfs');
  assert.equal(fss[4].readonly, true); // "ro,relatime"
  assert.equal(fss[1].readonly, false); // "rw,relatime,errors=remount-ro": remount-ro is not ro
  for (const f of fss) {
    const s = before.get(f.mountpoint) as StatsFs;
    assert.equal(f.size, s.blocks * s.bsize, f.mountpoint);
    assert.equal(f.files, s.files);
    // other work on this disk may move free space between the two statfs calls
    const slack = 256 * 1024 * 1024;
    assert.ok(Math.abs(f.avail - s.bavail * s.bsize) < slack, `${f.avail} vs ${s.bavail * s.bsize}`);
    assert.ok(Math.abs(f.free - s.bfree * s.bsize) < slack);
    assert.equal(f.used, f.size - f.free);
    assert.ok(f.avail <= f.free);
  }
});

test('toFilesystemSample computes sizes in bytes and df-style percent', () => {
  const stats = {
    type: 0,
    bsize: 4096,
    blocks: 1000,
    bfree: 300,
    bavail: 200,
    files: 64,
    ffree: 10,
  } as StatsFs;
  const f = toFilesystemSample(
    { device: '/dev/x', mountpoint: '/x', fstype: 'ext4', options: ['rw'] },
    stats,
  );
  // size 4096000, free 1228800, avail 819200, used 2867200; percent = 700/(700+200) blocks
  assert.deepEqual(f, {
    device: '/dev/x',
    mountpoint: '/x',
    fstype: 'ext4',
    size: 4_096_000,
    free: 1_228_800,
    avail: 819_200,
    used: 2_867_200,
    percent: (700 / 900) * 100,
    files: 64,
    filesFree: 10,
    readonly: false,
  });
  const empty = toFilesystemSample({ device: 'none', mountpoint: '/e', fstype: 'tmpfs', options: ['ro'] }, {
    type: 0,
    bsize: 4096,
    blocks: 0,
    bfree: 0,
    bavail: 0,
    files: 0,
    ffree: 0,
  } as StatsFs);
  assert.equal(empty.percent, 0);
  assert.equal(empty.readonly, true);
});

test('a statfs that hangs is skipped after the timeout and not asked again until it returns', async () => {
  const hungPath = join(ROOT, '/data');
  const calls: string[] = [];
  let hungOnce = false;
  let release: (s: StatsFs) => void = () => {};
  const statfs = (p: string): Promise<StatsFs> => {
    calls.push(p);
    if (p === hungPath && !hungOnce) {
      hungOnce = true;
      return new Promise((resolve) => {
        release = resolve;
      });
    }
    return statfsAsync(p);
  };
  // Every mount of the fixture counts as one that may hang (a network mount), so all go through `statfs`.
  const opts = { statfs, timeoutMs: 50, mayHang: () => true };
  const started = Date.now();
  const first = await readFilesystems(ROOT, opts);
  assert.ok(Date.now() - started < 1000);
  assert.ok(!first.some((f) => f.mountpoint === '/data'));
  assert.equal(first.length, 4);
  assert.deepEqual(staleMounts(), [hungPath]);

  calls.length = 0;
  const second = await readFilesystems(ROOT, opts);
  assert.ok(!calls.includes(hungPath), 'stale mount must not be statted again');
  assert.ok(!second.some((f) => f.mountpoint === '/data'));

  release(statfsSync(hungPath));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(staleMounts(), []);
  calls.length = 0;
  const third = await readFilesystems(ROOT, opts);
  assert.ok(calls.includes(hungPath));
  assert.ok(third.some((f) => f.mountpoint === '/data'));
});

test('network and FUSE mounts are the ones that may hang; local ones are statted synchronously', async () => {
  const entry = (fstype: string) => ({ device: 'd', mountpoint: '/m', fstype, options: ['rw'] });
  for (const t of [
    'nfs',
    'nfs4',
    'cifs',
    'smb3',
    'fuse.sshfs',
    'fuseblk',
    'ceph',
    'glusterfs',
    '9p',
    'virtiofs',
  ])
    assert.equal(mayHang(entry(t)), true, t);
  for (const t of ['ext4', 'xfs', 'btrfs', 'vfat', 'tmpfs', 'zfs', 'f2fs', 'nfsd', 'fusectl'])
    assert.equal(mayHang(entry(t)), false, t);

  // By default the fixture's local mounts never reach the asynchronous statfs.
  const asyncCalls: string[] = [];
  const syncCalls: string[] = [];
  const got = await readFilesystems(ROOT, {
    statfs: (p) => {
      asyncCalls.push(p);
      return statfsAsync(p);
    },
    statfsSync: (p) => {
      syncCalls.push(p);
      return statfsSync(p);
    },
  });
  assert.deepEqual(asyncCalls, []);
  // /gone has no directory: its synchronous statfs throws and the mount is left out.
  assert.deepEqual(
    syncCalls.map((p) => p.slice(ROOT.length) || '/'),
    ['/run', '/', '/boot/efi', '/data', '/mnt/my disk', '/gone'],
  );
  assert.deepEqual(
    got.map((f) => f.mountpoint),
    ['/run', '/', '/boot/efi', '/data', '/mnt/my disk'],
  );
});

test('the mount table is read again after mountRefreshMs, or at once after a statfs failed', async () => {
  const root = mkdtempSync(join(tmpdir(), 'hp-mounts-'));
  try {
    mkdirSync(join(root, 'proc/1'), { recursive: true });
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, 'b'));
    const table = join(root, 'proc/1/mounts');
    writeFileSync(table, '/dev/sda1 /a ext4 rw 0 0\n');
    const opts = { mountRefreshMs: 60_000 };
    const points = async () => (await readFilesystems(root, opts)).map((f) => f.mountpoint);
    assert.deepEqual(await points(), ['/a']);

    // A new mount within the refresh time is not seen yet…
    writeFileSync(table, '/dev/sda1 /a ext4 rw 0 0\n/dev/sdb1 /b ext4 rw 0 0\n');
    assert.deepEqual(await points(), ['/a']);
    // …with a refresh time of 0 every call reads the table.
    assert.deepEqual(
      (await readFilesystems(root, { mountRefreshMs: 0 })).map((f) => f.mountpoint),
      ['/a', '/b'],
    );

    // A mount that vanished fails its statfs once, and the next call reads the table again.
    writeFileSync(table, '/dev/sdb1 /b ext4 rw 0 0\n/dev/sdc1 /c ext4 rw 0 0\n');
    assert.deepEqual(await points(), ['/a', '/b'], 'table still cached');
    rmSync(join(root, 'a'), { recursive: true });
    const failed = await readFilesystemsDetailed(root, opts);
    assert.deepEqual(
      failed.errors.map((e) => e.mountpoint),
      ['/a'],
    );
    mkdirSync(join(root, 'c'));
    assert.deepEqual(await points(), ['/b', '/c']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
