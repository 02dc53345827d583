import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { machine } from 'node:os';
import { test } from 'node:test';
import { CollectorError } from '../../../../src/collect/linux/longtail/builder.js';
import { collectConntrack, parseConntrackStat } from '../../../../src/collect/linux/longtail/conntrack.js';
import { collectEntropy } from '../../../../src/collect/linux/longtail/entropy.js';
import { collectUname, readUname, unameValue } from '../../../../src/collect/linux/longtail/uname.js';
import { DEBIAN12, EDGE, EMPTY, family, names, value } from './fixtures.js';

test('unameValue drops the newline and anything after a NUL', () => {
  assert.equal(unameValue('vm\n'), 'vm');
  assert.equal(unameValue('abc\0junk\n'), 'abc');
  assert.equal(unameValue('#1 SMP  x'), '#1 SMP  x');
});

test('collectUname labels come from /proc/sys/kernel', () => {
  const fams = collectUname(EDGE);
  const f = family(fams, 'node_uname_info');
  assert.equal(f.help, 'Labeled system information as provided by the uname system call.');
  assert.deepEqual(f.samples, [
    {
      labels: {
        domainname: 'example.org',
        // edge has no /proc/sys/kernel/arch (pre-6.1 kernel): the runtime's uname machine.
        machine: machine(),
        nodename: 'edge-host',
        release: '5.10.0-28-amd64',
        sysname: 'Linux',
        version: '#1 SMP Debian 5.10.209-2 (2024-01-31)',
      },
      value: 1,
    },
  ]);
  assert.equal(readUname(DEBIAN12).machine, 'x86_64');
  assert.equal(readUname(DEBIAN12).domainname, '(none)');
  assert.throws(() => collectUname(EMPTY), CollectorError);
});

test('collectEntropy reads available bits and pool size', () => {
  const fams = collectEntropy(DEBIAN12);
  assert.equal(value(fams, 'node_entropy_available_bits'), 256);
  assert.equal(value(fams, 'node_entropy_pool_size_bits'), 256);
  assert.equal(family(fams, 'node_entropy_pool_size_bits').help, 'Bits of entropy pool.');
});

test('collectEntropy without poolsize fails after emitting available bits', () => {
  assert.throws(
    () => collectEntropy(EDGE),
    (e: unknown) =>
      e instanceof CollectorError &&
      /poolsize/.test(e.message) &&
      e.partial.length === 1 &&
      e.partial[0].samples[0].value === 3873,
  );
  assert.throws(() => collectEntropy(EMPTY), /entropy_avail/);
});

test('parseConntrackStat sums hex columns over CPUs', () => {
  const header =
    'entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart\n';
  const row = (vals: string[]) => `${vals.join(' ')}\n`;
  const cpu0 = ['0', '0', 'a', '0', '1', '2', '0', '0', '3', '4', '5', '6', '0', '0', '0', '0', 'ff'];
  const cpu1 = ['0', '0', '10', '0', '1', '2', '0', '0', '3', '4', '5', '6', '0', '0', '0', '0', '1'];
  assert.deepEqual(parseConntrackStat(header + row(cpu0) + row(cpu1)), {
    found: 10 + 16,
    invalid: 2,
    ignore: 4,
    insert: 6,
    insertFailed: 8,
    drop: 10,
    earlyDrop: 12,
    searchRestart: 255 + 1,
  });
  assert.throws(() => parseConntrackStat(`${header}0 1 2\n`), /missing fields/);
  assert.throws(() => parseConntrackStat(header + row([...cpu0.slice(0, 16), 'zz'])), /couldn't parse/);
});

test('collectConntrack on the Debian 12 capture', () => {
  const fams = collectConntrack(DEBIAN12);
  assert.equal(value(fams, 'node_nf_conntrack_entries'), 0);
  assert.equal(value(fams, 'node_nf_conntrack_entries_limit'), 262144);
  assert.equal(value(fams, 'node_nf_conntrack_stat_search_restart'), 0);
  assert.equal(fams.length, 10);
  assert.equal(
    family(fams, 'node_nf_conntrack_stat_early_drop').help,
    'Number of dropped conntrack entries to make room for new ones, if maximum table size was reached.',
  );
  // The capture's two CPU rows are all zero: every stat series is 0.
  assert.match(readFileSync(`${DEBIAN12}/proc/net/stat/nf_conntrack`, 'utf8'), /^entries/);
});

test('collectConntrack without the stat file keeps entries and limit; without the module, nothing', () => {
  const fams = collectConntrack(EDGE);
  assert.deepEqual(names(fams), ['node_nf_conntrack_entries', 'node_nf_conntrack_entries_limit']);
  assert.equal(value(fams, 'node_nf_conntrack_entries'), 17);
  assert.equal(value(fams, 'node_nf_conntrack_entries_limit'), 65536);
  assert.deepEqual(collectConntrack(EMPTY), []);
});
