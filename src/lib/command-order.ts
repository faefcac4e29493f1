// The order oclif sorts command ids in (`a.localeCompare(b)`, ICU's root collation), without
// ICU: the first collation of a process sets ICU up, ~5 ms of every full start (root help, topic
// help, a word that names no command). For ids of lowercase letters, digits, `:` and `-` (every
// ac command id) the collation is per character: `-` < `:` < digits < letters, a prefix first.
// Any other id is compared by localeCompare itself. scripts/bundle.js puts it into oclif's sort.

const order = '-:0123456789abcdefghijklmnopqrstuvwxyz'
const plain = /^[a-z\d:-]*$/

export function compareIds(a: string, b: string): number {
  if (!plain.test(a) || !plain.test(b)) return a.localeCompare(b)
  for (let index = 0; index < a.length && index < b.length; index++) {
    const difference = order.indexOf(a[index]) - order.indexOf(b[index])
    if (difference !== 0) return Math.sign(difference)
  }

  return Math.sign(a.length - b.length)
}
