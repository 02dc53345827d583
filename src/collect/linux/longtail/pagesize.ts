// The process page size (Go's os.Getpagesize), needed for node_sockstat_*_mem_bytes. Node has no
// API for it; the kernel passes it in the aux vector as AT_PAGESZ. Like node_exporter, this is the
// running kernel's value, whatever tree the collectors read.
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';

const AT_PAGESZ = 6n;
const FALLBACK = 4096;
let cached: number | undefined;

/** AT_PAGESZ from a native-endian 64-bit auxv image; undefined when absent. */
export function pageSizeFromAuxv(auxv: Buffer, littleEndian = endianness() === 'LE'): number | undefined {
  const word = (off: number) => (littleEndian ? auxv.readBigUInt64LE(off) : auxv.readBigUInt64BE(off));
  for (let off = 0; off + 16 <= auxv.length; off += 16) {
    const type = word(off);
    if (type === 0n) break;
    if (type === AT_PAGESZ) return Number(word(off + 8));
  }
  return undefined;
}

export function pageSize(): number {
  if (cached === undefined) {
    try {
      cached = pageSizeFromAuxv(readFileSync('/proc/self/auxv')) ?? FALLBACK;
    } catch {
      cached = FALLBACK;
    }
  }
  return cached;
}
