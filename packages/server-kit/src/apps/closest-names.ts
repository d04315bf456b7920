/** "Did you mean": the names closest to what was asked for, for "unknown X" errors. */

/** Up to `count` of `names`, closest to `wanted` first (substring matches, then edit distance). */
export function closestNames(wanted: string, names: string[], count = 3): string[] {
  const target = wanted.trim().toLowerCase();
  const scored = names.map((name) => {
    const candidate = name.toLowerCase();
    const contains = candidate.includes(target) || target.includes(candidate);
    return { name, score: (contains ? 0 : 1000) + editDistance(target, candidate) };
  });
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, count).map((entry) => entry.name);
}

// Levenshtein distance: a dozen lines, not worth a dependency.
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
