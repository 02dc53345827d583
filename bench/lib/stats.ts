// Small order statistics for bench figures.

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function max(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let m = xs[0];
  for (const x of xs) if (x > m) m = x;
  return m;
}

/** The last half of a series (the larger half when odd): the part past start-up growth. */
export function lastHalf<T>(xs: readonly T[]): T[] {
  return xs.slice(Math.floor(xs.length / 2));
}
