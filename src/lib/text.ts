// Small text helpers shared by messages that suggest what the user meant.

/** Levenshtein distance: how many one-letter edits turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }

  return row[b.length]
}

/** The candidate nearest to `word` within two edits (or one that starts with it), if any. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: {candidate: string; distance: number} | undefined
  for (const candidate of candidates) {
    const distance = candidate.startsWith(word) && word.length >= 3 ? 1 : editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (distance <= 2 && (!best || distance < best.distance)) best = {candidate, distance}
  }

  return best?.candidate
}
