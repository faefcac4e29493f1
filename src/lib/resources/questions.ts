import {enUS, money} from './formats.js'

// What a command asks or confirms about a resource's records at a terminal (src/lib/prompter
// decides whether it may ask at all): the sentence a delete's question names a record with,
// and the fields a create asks for though the schema calls them optional.

/** What a delete's question may read to say what goes: one record, or how many a list holds. */
export interface ConfirmReader {
  record(path: string): Promise<Record<string, unknown> | undefined>
  total(path: string, query: Record<string, string>): Promise<number | undefined>
}

/**
 * A delete's question names the record and what hangs on it (`Delete deal 7 "Renewal"
 * (1,200.00 USD, ann@example.com)?`), by resource. Asked only at a terminal: with --yes or
 * off a terminal none of these requests is made.
 */
export const confirmations: Record<string, (record: Record<string, unknown>, read: ConfirmReader) => Promise<string>> = {
  deals: async (deal, read) => {
    const contact = deal.contact && String(deal.contact) !== '0' ? await read.record(`/contacts/${String(deal.contact)}`) : undefined
    const context = [money(deal.value, deal.currency), contact?.email].filter(Boolean).join(', ')
    return `"${String(deal.title ?? '')}" (${context})`
  },
  lists: async (list) => `"${String(list.name ?? '')}" with ${counted(list.subscriber_count, 'subscriber')}`,
  tags: async (tag) => `"${String(tag.tag ?? '')}" on ${counted(tag.subscriber_count, 'contact')}`,
  dealGroups: async (pipeline, read) => `"${String(pipeline.title ?? '')}" with ${counted(await read.total('/deals', {'filters[group]': String(pipeline.id), limit: '1'}), 'deal')}`,
  contacts: async (contact) => `${String(contact.email ?? '')}${contact.firstName || contact.lastName ? ` (${[contact.firstName, contact.lastName].filter(Boolean).join(' ')})` : ''}`,
}

/** `5,000 subscribers`, `1 deal`; a count the API did not give is left out of the sentence. */
function counted(value: unknown, noun: string): string {
  const n = Number(value)
  if (value === undefined || value === null || !Number.isFinite(n)) return `${noun}s (count unknown)`
  return `${enUS(n)} ${noun}${n === 1 ? '' : 's'}`
}

/**
 * Fields a create asks for at a terminal though the schema calls them optional, because the
 * API refuses the record without one of them: a deal needs a contact or an account.
 */
export const askedOnCreate: Record<string, {field: string; unless: string}> = {
  deals: {field: 'contact', unless: 'account'},
}
