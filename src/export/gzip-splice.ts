// One gzip member from a cached, pre-compressed prefix and a small per-request suffix.
// The prefix is raw deflate ended with a sync flush (byte-aligned, not final) and its CRC-32 is
// kept, so a scrape compresses only the suffix and continues the CRC over it. (Two gzip members
// back to back are valid gzip, but curl and some clients stop after the first.)
import { constants, deflateRawSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (gzip's) of `buf`, continuing from `crc` (0 to start). */
export function crc32(buf: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

export interface GzipPrefix {
  /** Raw deflate blocks of the prefix, sync-flushed, no final block. */
  deflated: Buffer;
  crc: number;
  length: number;
}

// Header: magic, CM=deflate, no flags, mtime 0, XFL 0, OS 255 (unknown).
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);

export function gzipPrefix(text: string, level = 6): GzipPrefix {
  const raw = Buffer.from(text, 'utf8');
  return {
    deflated: deflateRawSync(raw, { level, finishFlush: constants.Z_SYNC_FLUSH }),
    crc: crc32(raw),
    length: raw.length,
  };
}

/** A complete gzip member holding prefix + suffix. */
export function gzipSplice(prefix: GzipPrefix, suffix: string, level = 1): Buffer {
  const raw = Buffer.from(suffix, 'utf8');
  const tail = deflateRawSync(raw, { level });
  const trailer = Buffer.allocUnsafe(8);
  trailer.writeUInt32LE(crc32(raw, prefix.crc), 0);
  trailer.writeUInt32LE((prefix.length + raw.length) >>> 0, 4);
  return Buffer.concat([HEADER, prefix.deflated, tail, trailer]);
}
