import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  clockTicksPerSecond,
  parseMachineTicks,
  parseProcStat,
  parseProcStatus,
  readProcCpuTicks,
  readThreadTicks,
} from '../../bench/lib/procfs.js';

/** Busy-loops until this process has used `ms` of CPU (not wall time: the machine may be loaded). */
function spinCpu(ms: number): void {
  const start = process.cpuUsage();
  const deadline = performance.now() + 20_000;
  for (;;) {
    for (let i = 0; i < 10_000; i++) Math.sqrt(Math.random());
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms || performance.now() > deadline) return;
  }
}

// Captured from this Debian 12 VM (cat /proc/1/stat): utime (field 14) = 68, stime (field 15) = 360,
// cutime/cstime (16, 17) = 17353/4056 must not be taken instead.
const INIT_STAT =
  '1 (process_api) S 0 0 0 0 -1 4194560 78134 6431031 0 1523 68 360 17353 4056 10 -10 13 0 24 43487232 3227 ' +
  '18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n';

test('parseProcStat takes utime and stime, not the children’s cutime/cstime', () => {
  assert.deepEqual(parseProcStat(INIT_STAT), { utime: 68, stime: 360 });
});

test('parseProcStat counts fields from the last ")" when the command name holds ") (" and spaces', () => {
  // A binary named "a) 1 2 (b": a naive split on spaces would shift every field by three.
  const line =
    '22721 (a) 1 2 (b) R 22720 22713 15934 0 -1 4194304 139 0 0 0 1234 567 8 9 20 0 1 0 81012 2990080 422 ' +
    '18446744073709551615 93928918933504 93928918951433 140734553413104 0 0 0 0 6 0 1 0 0 17 0 0 0 0 0 0\n';
  assert.deepEqual(parseProcStat(line), { utime: 1234, stime: 567 });
});

test('parseProcStat reads any command name and counters (property)', () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 15 }).filter((s) => !s.includes('\n')),
      fc.nat(),
      fc.nat(),
      (comm, utime, stime) => {
        const line = `42 (${comm}) S 1 42 42 0 -1 4194560 10 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 100 1000 10\n`;
        assert.deepEqual(parseProcStat(line), { utime, stime });
      },
    ),
  );
});

test('parseProcStat rejects truncated text', () => {
  assert.throws(() => parseProcStat('42 node S 1'), /no "\)"/);
  assert.throws(() => parseProcStat('42 (node) S 1 42 42'), /utime\/stime missing/);
});

// /proc/<pid>/status in the kernel's format (head of a real bash status on this VM, VmHWM raised
// so the two fields differ).
const STATUS = `Name:\tbash
Umask:\t0022
State:\tS (sleeping)
Tgid:\t15934
Pid:\t15934
PPid:\t15933
VmPeak:\t    5136 kB
VmSize:\t    5132 kB
VmLck:\t       0 kB
VmPin:\t       0 kB
VmHWM:\t    6020 kB
VmRSS:\t    4140 kB
RssAnon:\t    1088 kB
RssFile:\t    3052 kB
RssShmem:\t       0 kB
Threads:\t1
`;

test('parseProcStatus reads VmRSS and VmHWM in bytes (kB = 1024 bytes)', () => {
  assert.deepEqual(parseProcStatus(STATUS), { rssBytes: 4140 * 1024, hwmBytes: 6020 * 1024 });
});

test('parseProcStatus: a zombie has no VmRSS and is an error; a missing VmHWM is null', () => {
  const zombie = 'Name:\tnode\nState:\tZ (zombie)\nTgid:\t77\nPid:\t77\nThreads:\t1\n';
  assert.throws(() => parseProcStatus(zombie), /no VmRSS/);
  assert.deepEqual(parseProcStatus('Name:\tx\nVmRSS:\t  12 kB\n'), { rssBytes: 12 * 1024, hwmBytes: null });
});

test('readProcCpuTicks reads this process and clockTicksPerSecond matches getconf', () => {
  const t = readProcCpuTicks(process.pid);
  assert.ok(Number.isInteger(t.utime) && t.utime >= 0);
  assert.ok(Number.isInteger(t.stime) && t.stime >= 0);
  const hz = clockTicksPerSecond();
  assert.ok(Number.isInteger(hz) && hz > 0);
});

test('readThreadTicks splits the main thread (tid = pid) from the others, under a root', () => {
  const root = mkdtempSync(join(tmpdir(), 'bench-procfs-'));
  try {
    const line = (tid: number, comm: string, utime: number, stime: number) =>
      `${tid} (${comm}) S 1 42 42 0 -1 4194560 10 0 0 0 ${utime} ${stime} 0 0 20 0 3 0 100 1000 10\n`;
    for (const [tid, comm, u, s] of [
      [42, 'node', 30, 12],
      [43, 'V8 DefaultWorke', 5, 1],
      [44, 'libuv-worker', 2, 7],
    ] as const) {
      mkdirSync(join(root, 'proc/42/task', String(tid)), { recursive: true });
      writeFileSync(join(root, 'proc/42/task', String(tid), 'stat'), line(tid, comm, u, s));
    }
    assert.deepEqual(readThreadTicks(42, root), { main: 30 + 12, others: 5 + 1 + 2 + 7 });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('readThreadTicks charges a busy main thread to main', () => {
  const before = readThreadTicks(process.pid);
  spinCpu(300);
  const after = readThreadTicks(process.pid);
  assert.ok(
    after.main - before.main >= 0.2 * clockTicksPerSecond(),
    `main grew ${after.main - before.main} ticks`,
  );
  assert.ok(after.others >= before.others);
});

test('parseMachineTicks sums busy fields of the aggregate line and leaves idle/iowait out of busy', () => {
  // Head of /proc/stat captured on this VM; the per-CPU lines must not be taken.
  const text =
    'cpu  266297 0 49693 358742 9597 0 3343 8436 0 0\n' +
    'cpu0 133000 0 24000 180000 4000 0 3000 4000 0 0\n' +
    'cpu1 133297 0 25693 178742 5597 0 343 4436 0 0\n' +
    'intr 1 2 3\n';
  const busy = 266297 + 0 + 49693 + 0 + 3343 + 8436;
  assert.deepEqual(parseMachineTicks(text), { busy, total: busy + 358742 + 9597 });
  assert.throws(() => parseMachineTicks('intr 1 2 3\n'), /no aggregate/);
});
