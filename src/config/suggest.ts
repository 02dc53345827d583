// "did you mean" for misspelt keys and sections.

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The closest known word if it is plausibly a typo of `word` (a third of its length or less). */
export function closest(word: string, known: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDist = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDist) {
      best = k;
      bestDist = d;
    }
  }
  return best;
}

export function didYouMean(word: string, known: Iterable<string>, wrap = (s: string) => s): string {
  const best = closest(word, known);
  return best === null ? '' : `; did you mean ${wrap(best)}?`;
}
