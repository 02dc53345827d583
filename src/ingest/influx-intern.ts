// A bounded map keyed by a range of the body's text, so the parser can look a tag key, tag value or
// field key up without first cutting it out as a string: the same few hundred names arrive on every
// Telegraf flush, and slicing each one (then hashing the slice again in a Map) was a third of the
// parse time. The caller hashes the range while scanning it (hashStep below).
//
// Open addressing with linear probing. Bounded both ways so hostile input cannot make it expensive:
// at most `maxSize` keys (then it starts over empty), and a lookup gives up after MAX_PROBE slots (the
// caller then builds the value itself); the hash seed is random per process, so colliding keys cannot
// be prepared offline.

const MAX_PROBE = 16;
const FNV_PRIME = 0x01000193;

/** The starting value of a range hash (FNV-1a over UTF-16 code units, random offset basis). */
export const HASH_SEED = ((0x811c9dc5 ^ Math.floor(Math.random() * 0x7fffffff)) | 0) >>> 0;

export function hashStep(h: number, c: number): number {
  return Math.imul(h ^ c, FNV_PRIME);
}

export function hashRange(text: string, start: number, end: number): number {
  let h = HASH_SEED;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

function sameText(key: string, text: string, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

export class RangeMap<V> {
  private keys: (string | undefined)[] = [];
  private hashes = new Int32Array(0);
  private values: (V | undefined)[] = [];
  private mask = 0;
  private count = 0;

  constructor(private readonly maxSize: number) {
    this.reset(64);
  }

  get size(): number {
    return this.count;
  }

  /** Forgets every key. */
  clear(): void {
    this.reset(64);
  }

  private reset(capacity: number): void {
    this.keys = new Array(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.values = new Array(capacity).fill(undefined);
    this.mask = capacity - 1;
    this.count = 0;
  }

  /** The value stored for text[start, end) (whose hashRange is `hash`), if any. */
  get(text: string, start: number, end: number, hash: number): V | undefined {
    const keys = this.keys;
    const mask = this.mask;
    let slot = hash & mask;
    for (let probe = 0; probe < MAX_PROBE; probe++) {
      const k = keys[slot];
      if (k === undefined) return undefined;
      if (this.hashes[slot] === (hash | 0) && sameText(k, text, start, end)) return this.values[slot];
      slot = (slot + 1) & mask;
    }
    return undefined;
  }

  /** Stores `value` under `key` (hashRange(key) === `hash`); `key` must not share memory with a body. */
  set(key: string, hash: number, value: V): void {
    if (this.count >= this.maxSize) this.reset(this.keys.length);
    else if (this.count * 2 >= this.keys.length) this.grow();
    this.insert(key, hash | 0, value);
  }

  private insert(key: string, hash: number, value: V): void {
    const mask = this.mask;
    let slot = hash & mask;
    for (let probe = 0; probe < MAX_PROBE; probe++) {
      const k = this.keys[slot];
      if (k === undefined || (this.hashes[slot] === hash && k === key)) {
        if (k === undefined) this.count++;
        this.keys[slot] = key;
        this.hashes[slot] = hash;
        this.values[slot] = value;
        return;
      }
      slot = (slot + 1) & mask;
    }
    // A crowded run of slots: leave this key out; lookups of it just miss.
  }

  private grow(): void {
    const keys = this.keys;
    const hashes = this.hashes;
    const values = this.values;
    this.reset(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k !== undefined) this.insert(k, hashes[i], values[i] as V);
    }
  }
}
