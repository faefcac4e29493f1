// How a person reads some of the API's values: status numbers as words, cents as money, a name as a slug.

export function wordFor(words: Record<string, number>, value: unknown): string {
  return Object.keys(words).find((word) => String(words[word]) === String(value)) ?? String(value)
}

/**
 * A number as en-US writes it (`1,234.50` with 2 decimals): what toLocaleString('en-US') prints,
 * without it, for the numbers tables show (cents ÷ 100, counts). The first Intl use of a process
 * sets up ICU, ~10 ms of a terminal table. A number whose shortest form needs rounding to fit
 * the decimals, or that is past 2^53, goes to Intl as before.
 */
export function enUS(value: number, decimals = 0): string {
  const [whole, fraction = ''] = String(Math.abs(value)).split('.')
  if (!/^\d+$/.test(whole) || fraction.length > decimals || Math.abs(value) >= 2 ** 53) {
    return value.toLocaleString('en-US', decimals ? {minimumFractionDigits: decimals, maximumFractionDigits: decimals} : {})
  }

  const sign = value < 0 || Object.is(value, -0) ? '-' : ''
  const grouped = whole.replaceAll(/\B(?=(\d{3})+$)/g, ',')
  return decimals ? `${sign}${grouped}.${fraction.padEnd(decimals, '0')}` : `${sign}${grouped}`
}

/** A deal's value, in cents, as money: `500000` USD → `5,000.00 USD`. */
export function money(cents: unknown, currency: unknown): string {
  const amount = Number(cents)
  if (!Number.isFinite(amount)) return String(cents)
  const text = enUS(amount / 100, 2)
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
