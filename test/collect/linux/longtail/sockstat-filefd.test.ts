import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectFilefd, parseFileNr } from '../../../../src/collect/linux/longtail/filefd.js';
import { pageSize, pageSizeFromAuxv } from '../../../../src/collect/linux/longtail/pagesize.js';
import { collectSockstat, parseSockstat } from '../../../../src/collect/linux/longtail/sockstat.js';
import { DEBIAN12, EDGE, EMPTY, family, names, value } from './fixtures.js';

test('parseSockstat reads used and per-protocol pairs', () => {
  const s = parseSockstat(
    'sockets: used 14\nTCP: inuse 1 orphan 0 tw 2 alloc 3 mem 0x10\nFRAG: inuse 0 memory 0\n',
  );
  assert.equal(s.used, 14);
  assert.deepEqual(s.protocols, [
    { protocol: 'TCP', inuse: 1, orphan: 0, tw: 2, alloc: 3, mem: 16 },
    { protocol: 'FRAG', inuse: 0, memory: 0 },
  ]);
});

test('parseSockstat rejects odd pairs and short lines', () => {
  assert.throws(() => parseSockstat('TCP: inuse 1 orphan\n'), /odd number/);
  assert.throws(() => parseSockstat('TCP: inuse\n'), /malformed/);
  assert.throws(() => parseSockstat('TCP: inuse x\n'), /value/);
});

test('pageSizeFromAuxv finds AT_PAGESZ', () => {
  const auxv = Buffer.alloc(48);
  auxv.writeBigUInt64LE(16n, 0); // AT_HWCAP
  auxv.writeBigUInt64LE(0xffn, 8);
  auxv.writeBigUInt64LE(6n, 16); // AT_PAGESZ
  auxv.writeBigUInt64LE(16384n, 24);
  assert.equal(pageSizeFromAuxv(auxv, true), 16384);
  assert.equal(pageSizeFromAuxv(Buffer.alloc(32), true), undefined);
  assert.ok([4096, 16384, 65536].includes(pageSize()));
});

test('collectSockstat on the edge tree (no sockstat6)', () => {
  const fams = collectSockstat(EDGE);
  const page = pageSize();
  assert.equal(value(fams, 'node_sockstat_sockets_used'), 230);
  assert.equal(value(fams, 'node_sockstat_TCP_inuse'), 12);
  assert.equal(value(fams, 'node_sockstat_TCP_tw'), 33);
  assert.equal(value(fams, 'node_sockstat_TCP_mem'), 7);
  assert.equal(value(fams, 'node_sockstat_TCP_mem_bytes'), 7 * page);
  assert.equal(value(fams, 'node_sockstat_UDP_mem_bytes'), 2 * page);
  assert.equal(value(fams, 'node_sockstat_FRAG_memory'), 0);
  assert.ok(!names(fams).some((n) => n.includes('6_')));
  assert.ok(!names(fams).includes('node_sockstat_RAW_mem_bytes'));
  const f = family(fams, 'node_sockstat_TCP_orphan');
  assert.equal(f.help, 'Number of TCP sockets in state orphan.');
  assert.equal(f.type, 'gauge');
});

test('collectSockstat adds sockstat6 protocols but no IPv6 sockets_used', () => {
  const fams = collectSockstat(DEBIAN12);
  assert.equal(value(fams, 'node_sockstat_TCP6_inuse'), 0);
  assert.equal(value(fams, 'node_sockstat_FRAG6_memory'), 0);
  assert.equal(family(fams, 'node_sockstat_sockets_used').samples.length, 1);
  assert.equal(value(fams, 'node_sockstat_sockets_used'), 14);
});

test('collectSockstat with neither file is empty, not an error', () => {
  assert.deepEqual(collectSockstat(EMPTY), []);
});

test('parseFileNr takes the first and third tab-separated values', () => {
  assert.deepEqual(parseFileNr('568\t0\t2466170\n'), { allocated: 568, maximum: 2466170 });
  assert.throws(() => parseFileNr('568 0 2466170\n'), /unexpected number/);
});

test('collectFilefd', () => {
  const deb = collectFilefd(DEBIAN12);
  assert.equal(value(deb, 'node_filefd_allocated'), 568);
  assert.equal(value(deb, 'node_filefd_maximum'), 2466170);
  assert.equal(family(deb, 'node_filefd_maximum').help, 'File descriptor statistics: maximum.');
  // edge's maximum is 9223372036854775807, which rounds to 2^63 as a float64.
  assert.equal(value(collectFilefd(EDGE), 'node_filefd_maximum'), 2 ** 63);
  assert.throws(() => collectFilefd(EMPTY), /couldn't get file-nr/);
});
