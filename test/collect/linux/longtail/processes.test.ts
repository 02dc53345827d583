import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CollectorError } from '../../../../src/collect/linux/longtail/builder.js';
import {
  collectProcesses,
  countProcesses,
  parseProcStat,
} from '../../../../src/collect/linux/longtail/processes.js';
import { DEBIAN12, EDGE, EMPTY, family, value } from './fixtures.js';

const TAIL =
  '1 100 100 0 -1 4194560 962 0 0 0 45 26 0 0 20 0 3 0 240 46125056 3695 18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 1 0 0 0';

test('parseProcStat finds fields after the last parenthesis', () => {
  assert.deepEqual(parseProcStat(`100 (a) b) (c) R ${TAIL}\n`), { state: 'R', numThreads: 3 });
});

test('parseProcStat rejects short and mistyped lines', () => {
  assert.throws(() => parseProcStat('100 (a) R 1 2 3\n'), /EOF/);
  assert.throws(() => parseProcStat('no comm here'), /comm/);
  // flags (unsigned) negative
  assert.throws(() => parseProcStat(`1 (x) S ${TAIL.replace('4194560', '-5')}`), /expected integer/);
});

test('countProcesses on the edge tree', () => {
  const c = countProcesses(EDGE);
  // 100 (R, 3 threads) and 200 (Z, 1 thread); 300 has no stat.
  assert.equal(c.pids, 2);
  assert.equal(c.threads, 4);
  assert.deepEqual(Object.fromEntries(c.states), { R: 1, Z: 1 });
  // 100's tasks: itself (R) and 101 (D); 102's stat is gone. 200 has no task dir.
  assert.deepEqual(Object.fromEntries(c.threadStates), { R: 1, D: 1 });
});

test('collectProcesses on the edge tree', () => {
  const fams = collectProcesses(EDGE);
  assert.equal(value(fams, 'node_processes_pids'), 2);
  assert.equal(value(fams, 'node_processes_threads'), 4);
  assert.equal(value(fams, 'node_processes_max_threads'), 63353);
  assert.equal(value(fams, 'node_processes_max_processes'), 4194304);
  assert.equal(value(fams, 'node_processes_state', { state: 'Z' }), 1);
  assert.equal(value(fams, 'node_processes_threads_state', { thread_state: 'D' }), 1);
  assert.equal(family(fams, 'node_processes_threads_state').help, 'Number of threads in each state.');
  assert.equal(family(fams, 'node_processes_pids').help, 'Number of PIDs');
});

test('collectProcesses on the Debian 12 capture: pid 1 has 13 threads', () => {
  const fams = collectProcesses(DEBIAN12);
  assert.equal(value(fams, 'node_processes_pids'), 4);
  assert.equal(value(fams, 'node_processes_threads'), 13 + 1 + 1 + 1);
  assert.equal(value(fams, 'node_processes_state', { state: 'S' }), 2);
  assert.equal(value(fams, 'node_processes_state', { state: 'I' }), 2);
  assert.equal(value(fams, 'node_processes_threads_state', { thread_state: 'S' }), 14);
});

test('collectProcesses without limits fails after the thread count', () => {
  assert.throws(
    () => collectProcesses(EMPTY),
    (e: unknown) =>
      e instanceof CollectorError &&
      /threads/.test(e.message) &&
      e.partial.length === 1 &&
      e.partial[0].name === 'node_processes_threads' &&
      e.partial[0].samples[0].value === 0,
  );
});
