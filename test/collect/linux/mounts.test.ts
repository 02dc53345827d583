import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  decodeMountField,
  FS_TYPES_EXCLUDE,
  isExcludedMount,
  MOUNT_POINTS_EXCLUDE,
  parseMounts,
  readMountTable,
  selectMounts,
  stripRoot,
} from '../../../src/collect/linux/mounts.js';

const FIXTURES = new URL('../../fixtures/proc/', import.meta.url).pathname;

test('parseMounts reads the four leading fields and decodes octal escapes', () => {
  const text = [
    '/dev/sdc1 /mnt/my\\040disk ext4 ro,relatime 0 0',
    'server:/export /mnt/tab\\011and\\134back nfs4 rw,vers=4.2 0 0',
    '',
    'truncated line',
  ].join('\n');
  assert.deepEqual(parseMounts(text), [
    { device: '/dev/sdc1', mountpoint: '/mnt/my disk', fstype: 'ext4', options: ['ro', 'relatime'] },
    {
      device: 'server:/export',
      mountpoint: '/mnt/tab\tand\\back',
      fstype: 'nfs4',
      options: ['rw', 'vers=4.2'],
    },
  ]);
});

test('decodeMountField inverts the kernel escaping of space, tab, newline and backslash', () => {
  const kernelEscape = (s: string): string =>
    s.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', '/', ' ', '\t', '\n', '\\', '0', '4') }), (s) => {
      assert.equal(decodeMountField(kernelEscape(s)), s);
    }),
  );
});

test('default filters are node_exporter 1.5 defaults', () => {
  for (const t of [
    'proc',
    'sysfs',
    'cgroup',
    'cgroup2',
    'devtmpfs',
    'overlay',
    'squashfs',
    'nsfs',
    'autofs',
    'tracefs',
  ]) {
    assert.ok(FS_TYPES_EXCLUDE.test(t), t);
  }
  // anchored: similar names are not excluded
  for (const t of [
    'ext4',
    'xfs',
    'tmpfs',
    'vfat',
    'nfs4',
    'btrfs',
    'zfs',
    'procfsx',
    'fuse.sshfs',
    'ramfs',
  ]) {
    assert.ok(!FS_TYPES_EXCLUDE.test(t), t);
  }
  for (const p of ['/dev', '/dev/shm', '/proc/sys/fs/binfmt_misc', '/sys', '/run/credentials/a.service']) {
    assert.ok(MOUNT_POINTS_EXCLUDE.test(p), p);
  }
  for (const p of [
    '/',
    '/run',
    '/run/user/1000',
    '/devices',
    '/system',
    '/var/lib/docker',
    '/run/credentials',
  ]) {
    assert.ok(!MOUNT_POINTS_EXCLUDE.test(p), p);
  }
  assert.ok(MOUNT_POINTS_EXCLUDE.test('/var/lib/docker/overlay2/x/merged'));
  assert.ok(MOUNT_POINTS_EXCLUDE.test('/var/lib/containers/storage/overlay'));
  assert.ok(isExcludedMount({ device: 'x', mountpoint: '/srv', fstype: 'squashfs', options: [] }));
});

test('selectMounts on the mixed fixture keeps real filesystems once, in mount-table order', async () => {
  const root = join(FIXTURES, 'mounts-mixed');
  const kept = selectMounts(parseMounts(await readMountTable(root)), root);
  // By hand from proc/1/mounts: /run tmpfs, / ext4, /boot/efi vfat, /data (mounted twice: the later
  // /dev/sdd1 is on top), /mnt/my disk, /gone; the rest is pseudo, under /dev,/proc,/sys,
  // /run/credentials or docker, or of an excluded type (squashfs, nsfs).
  assert.deepEqual(
    kept.map((m) => [m.device, m.mountpoint, m.fstype]),
    [
      ['tmpfs', '/run', 'tmpfs'],
      ['/dev/mapper/vg0-root', '/', 'ext4'],
      ['/dev/sda1', '/boot/efi', 'vfat'],
      ['/dev/sdd1', '/data', 'xfs'],
      ['/dev/sdc1', '/mnt/my disk', 'ext4'],
      ['/dev/sde1', '/gone', 'ext4'],
    ],
  );
});

test('selectMounts on the captured Debian VM keeps / and the tmpfs mount only', async () => {
  const root = join(FIXTURES, 'debian12-vm');
  const kept = selectMounts(parseMounts(await readMountTable(root)), root);
  // by hand from proc/1/mounts: everything else sits under /proc, /sys or /dev
  assert.deepEqual(
    kept.map((m) => m.mountpoint),
    ['/', '/mnt/sandboxing/model_tools_env/v1/python'],
  );
});

test('stripRoot removes the rootfs prefix only at a path boundary', () => {
  assert.equal(stripRoot('/host/data', '/host'), '/data');
  assert.equal(stripRoot('/host', '/host/'), '/');
  assert.equal(stripRoot('/hostdata', '/host'), '/hostdata');
  assert.equal(stripRoot('/data', '/'), '/data');
  const kept = selectMounts(
    parseMounts('/dev/sda1 /host/dev/x ext4 rw 0 0\n/dev/sda2 /host/srv ext4 rw 0 0\n'),
    '/host',
  );
  assert.deepEqual(
    kept.map((m) => m.mountpoint),
    ['/srv'],
  );
});

test('readMountTable falls back to proc/mounts when proc/1/mounts is hidden', async () => {
  const root = mkdtempSync(join(tmpdir(), 'hostpulse-mounts-'));
  try {
    mkdirSync(join(root, 'proc'));
    writeFileSync(join(root, 'proc/mounts'), '/dev/vdb /srv ext4 rw 0 0\n');
    assert.equal(await readMountTable(root), '/dev/vdb /srv ext4 rw 0 0\n');
    mkdirSync(join(root, 'proc/1'));
    writeFileSync(join(root, 'proc/1/mounts'), '/dev/vdc /opt xfs rw 0 0\n');
    assert.equal(await readMountTable(root), '/dev/vdc /opt xfs rw 0 0\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
