// Bit-level I/O for the chunk codec. Everything works on 32-bit words because JS bit operators are
// 32-bit; callers split 64-bit quantities into two halves themselves, so no BigInt on the hot path.

/** Thrown for any malformed, truncated or inconsistent chunk. */
export class ChunkFormatError extends Error {
  constructor(message: string) {
    super(`corrupt chunk: ${message}`);
    this.name = 'ChunkFormatError';
  }
}

const TWO_32 = 4294967296;

/** MSB-first bit writer on a growable byte buffer; a 32-bit accumulator is flushed four bytes at a time. */
export class BitWriter {
  buf: Uint8Array;
  /** Bytes fully written. */
  pos = 0;
  /** Pending bits, right-aligned; always 0 when `nacc` is 0. */
  private acc = 0;
  private nacc = 0;

  constructor(initialBytes = 64) {
    this.buf = new Uint8Array(Math.max(8, initialBytes));
  }

  /** Writes the low `k` bits of `v`, 1 ≤ k ≤ 32. */
  write(v: number, k: number): void {
    const bits = k === 32 ? v >>> 0 : v & ((1 << k) - 1);
    const total = this.nacc + k;
    if (total < 32) {
      this.acc = (this.acc << k) | bits;
      this.nacc = total;
      return;
    }
    const rem = total - 32;
    // nacc ≤ 31 here, so 32 - nacc ≥ 1; when nacc is 0 acc is 0 and the no-op shift by 32 is harmless.
    const word = (this.acc << (32 - this.nacc)) | (bits >>> rem);
    let p = this.pos;
    if (p + 4 > this.buf.length) this.grow(p + 4);
    const b = this.buf;
    b[p++] = word >>> 24;
    b[p++] = word >>> 16;
    b[p++] = word >>> 8;
    b[p++] = word;
    this.pos = p;
    this.acc = rem === 0 ? 0 : bits & ((1 << rem) - 1);
    this.nacc = rem;
  }

  /**
   * `prefix` followed by the bits written so far, the last byte zero-padded. Does not change the writer,
   * so writing may go on afterwards.
   */
  bytes(prefix: readonly number[] = []): Uint8Array {
    const tailBytes = (this.nacc + 7) >>> 3;
    const h = prefix.length;
    const out = new Uint8Array(h + this.pos + tailBytes);
    for (let i = 0; i < h; i++) out[i] = prefix[i];
    out.set(this.buf.subarray(0, this.pos), h);
    if (tailBytes > 0) {
      const aligned = (this.acc << (32 - this.nacc)) >>> 0;
      for (let i = 0; i < tailBytes; i++) out[h + this.pos + i] = aligned >>> (24 - 8 * i);
    }
    return out;
  }

  clone(): BitWriter {
    const c = new BitWriter(this.buf.length);
    c.buf.set(this.buf.subarray(0, this.pos));
    c.pos = this.pos;
    c.acc = this.acc;
    c.nacc = this.nacc;
    return c;
  }

  private grow(min: number): void {
    let n = this.buf.length * 2;
    while (n < min) n *= 2;
    const next = new Uint8Array(n);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
}

/**
 * The bytes repacked as big-endian 32-bit words followed by `guardWords` zero words, so a decoder can
 * read any 32 bits at a bit position with two word loads and no per-read bounds check.
 */
export function toWords(bytes: Uint8Array, guardWords: number): Uint32Array {
  const n = bytes.length;
  const full = n >>> 2;
  const words = new Uint32Array(full + 1 + guardWords);
  for (let i = 0, j = 0; i < full; i++, j += 4) {
    words[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
  }
  let last = 0;
  for (let j = full * 4, s = 24; j < n; j++, s -= 8) last |= bytes[j] << s;
  words[full] = last;
  return words;
}

// Varints for the byte-aligned header. Arithmetic rather than shifts, since values exceed 32 bits.

/** Appends an unsigned LEB128 varint of a safe non-negative integer. */
export function putUvarint(out: number[], n: number): void {
  while (n >= 128) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

/**
 * Appends a signed varint: LEB128 of 2·|n| + sign, i.e. zigzag in spirit but built from the magnitude so
 * that |n| up to 2^53 − 1 never has to be doubled in floating point.
 */
export function putSvarint(out: number[], n: number): void {
  const sign = n < 0 ? 1 : 0;
  let m = Math.abs(n);
  const low6 = m % 64;
  m = Math.floor(m / 64);
  out.push(low6 * 2 + sign + (m > 0 ? 128 : 0));
  if (m > 0) putUvarint(out, m);
}

/** Cursor over the byte-aligned header. */
export class ByteCursor {
  pos = 0;
  constructor(private readonly b: Uint8Array) {}

  byte(): number {
    if (this.pos >= this.b.length) throw new ChunkFormatError('truncated header');
    return this.b[this.pos++];
  }

  /** Unsigned varint; rejects encodings longer than a safe integer needs. */
  uvarint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      result += (b & 127) * scale;
      if (b < 128) {
        if (!Number.isSafeInteger(result)) throw new ChunkFormatError('varint out of safe integer range');
        return result;
      }
      scale *= 128;
    }
    throw new ChunkFormatError('varint too long');
  }

  svarint(): number {
    const first = this.byte();
    const sign = first & 1;
    let m = (first >>> 1) & 63;
    if (first >= 128) {
      const high = this.uvarint();
      m += high * 64;
      if (!Number.isSafeInteger(m)) throw new ChunkFormatError('signed varint out of safe integer range');
    }
    if (sign === 1 && m === 0) throw new ChunkFormatError('negative zero varint');
    return sign === 1 ? -m : m;
  }
}

export { TWO_32 };
