// Snappy block format decoder (the raw format remote write bodies use, not the framed stream format).
// Written here rather than taken from snappyjs: its uncompress() loops forever on a 9-byte body whose
// literal length has the top bit set (pos moves backwards), does not check that the output is filled,
// and allocates whatever the preamble claims. This one checks every tag against both buffers, refuses
// a preamble larger than `maxLength` or than the input could possibly expand to, and fails unless the
// output is exactly filled.

export class SnappyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnappyError';
  }
}

// The densest element is a 3-byte copy of 64 bytes; the first element must be a literal.
const MAX_EXPANSION = 22;

/** The decompressed bytes of a Snappy block; throws SnappyError on anything malformed. */
export function snappyUncompress(src: Uint8Array, maxLength: number): Uint8Array {
  let pos = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= src.length) throw new SnappyError('truncated length preamble');
    if (shift > 28) throw new SnappyError('length preamble longer than 5 bytes');
    const b = src[pos++];
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  if (length > maxLength)
    throw new SnappyError(`decompressed length ${length} is over the limit of ${maxLength}`);
  if (length > (src.length - pos) * MAX_EXPANSION) {
    throw new SnappyError(`decompressed length ${length} is more than ${src.length - pos} bytes can hold`);
  }
  const dst = new Uint8Array(length);
  let d = 0;
  while (pos < src.length) {
    const tag = src[pos++];
    let n: number;
    let offset: number;
    switch (tag & 3) {
      case 0: {
        n = tag >>> 2;
        if (n >= 60) {
          const bytes = n - 59;
          if (pos + bytes > src.length) throw new SnappyError('truncated literal length');
          n = 0;
          for (let i = 0; i < bytes; i++) n += src[pos + i] * 2 ** (8 * i);
          pos += bytes;
        }
        n += 1;
        if (n > src.length - pos) throw new SnappyError('literal runs past the input');
        if (n > length - d) throw new SnappyError('literal runs past the declared length');
        dst.set(src.subarray(pos, pos + n), d);
        pos += n;
        d += n;
        continue;
      }
      case 1:
        if (pos + 1 > src.length) throw new SnappyError('truncated copy');
        n = ((tag >>> 2) & 7) + 4;
        offset = ((tag >>> 5) << 8) | src[pos];
        pos += 1;
        break;
      case 2:
        if (pos + 2 > src.length) throw new SnappyError('truncated copy');
        n = (tag >>> 2) + 1;
        offset = src[pos] | (src[pos + 1] << 8);
        pos += 2;
        break;
      default:
        if (pos + 4 > src.length) throw new SnappyError('truncated copy');
        n = (tag >>> 2) + 1;
        offset = (src[pos] | (src[pos + 1] << 8) | (src[pos + 2] << 16)) + src[pos + 3] * 2 ** 24;
        pos += 4;
    }
    if (offset === 0 || offset > d) throw new SnappyError('copy offset outside the output so far');
    if (n > length - d) throw new SnappyError('copy runs past the declared length');
    if (offset >= n) dst.copyWithin(d, d - offset, d - offset + n);
    else for (let i = 0; i < n; i++) dst[d + i] = dst[d + i - offset];
    d += n;
  }
  if (d !== length) throw new SnappyError(`decompressed ${d} bytes, the preamble says ${length}`);
  return dst;
}
