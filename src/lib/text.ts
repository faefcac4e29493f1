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

/** How many leading letters two words share. */
function sharedPrefix(a: string, b: string): number {
  let length = 0
  while (length < a.length && length < b.length && a[length] === b[length]) length++
  return length
}

/**
 * The candidate nearest to `word` within two edits (or one that starts with it), if any. Ties go
 * to the longer shared start: people mistype the end of a word more than its start
 * (`limt` is one edit from both `list` and `limit`; it means `limit`).
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const typed = word.toLowerCase()
  let best: {candidate: string; distance: number; prefix: number} | undefined
  for (const candidate of candidates) {
    const known = candidate.toLowerCase()
    const distance = known.startsWith(typed) && typed.length >= 3 ? 1 : editDistance(typed, known)
    const prefix = sharedPrefix(typed, known)
    if (distance > 2) continue
    if (!best || distance < best.distance || (distance === best.distance && prefix > best.prefix)) best = {candidate, distance, prefix}
  }

  return best?.candidate
}
