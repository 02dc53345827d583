// Fixed-capacity ring of recent items ordered by time; oldest are overwritten.

export class Ring<T> {
  private readonly buf: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    private readonly timeOf: (item: T) => number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`ring capacity must be ≥ 1, got ${capacity}`);
    this.buf = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const end = (this.start + this.count) % this.capacity;
    this.buf[end] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  latest(): T | undefined {
    return this.count === 0 ? undefined : this.at(this.count - 1);
  }

  /** Items with time ≥ since, oldest first (binary search: items are pushed in time order). */
  since(since: number): T[] {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeOf(this.at(mid)) < since) lo = mid + 1;
      else hi = mid;
    }
    const out: T[] = [];
    for (let i = lo; i < this.count; i++) out.push(this.at(i));
    return out;
  }

  private at(i: number): T {
    return this.buf[(this.start + i) % this.capacity] as T;
  }
}
