// How a person reads some of the API's values: status numbers as words, cents as money, a name as a slug.

export function wordFor(words: Record<string, number>, value: unknown): string {
  return Object.keys(words).find((word) => String(words[word]) === String(value)) ?? String(value)
}

/** A deal's value, in cents, as money: `500000` USD → `5,000.00 USD`. */
export function money(cents: unknown, currency: unknown): string {
  const amount = Number(cents)
  if (!Number.isFinite(amount)) return String(cents)
  const text = (amount / 100).toLocaleString('en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2})
  return typeof currency === 'string' && currency ? `${text} ${currency.toUpperCase()}` : text
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replaceAll(/[^a-z\d]+/g, '-')
    .replace(/^-|-$/g, '')
}


/** A deleted deal stays in lists as a stub `{title, id, isDisabled: true}` (API-FACTS.md): shown as deleted, not as an empty deal. */
export function deletedStub(title: unknown, deal: Record<string, unknown>): string {
  return [true, 1, '1'].includes(deal.isDisabled as string) ? `${String(title)} (deleted)` : String(title)
}
