import {Args, Flags} from '@oclif/core'

import type {ApiClient} from '../client/client.js'
import {AcCommand, relaxed} from '../command/base.js'
import {mutationFlags, outputFlags} from '../command/flags.js'
import {asGiven, saysInstead} from '../command/said.js'
import {listSink, type DataRecord} from '../output/index.js'
import {listRecords} from '../paging.js'
import {canAsk} from '../prompter/index.js'

// The links between a contact and its tags and lists, as people say them:
// `ac contacts tag ann@example.com --tag VIP`, `ac contacts subscribe 12 --list Newsletter`.
// Each is one small command over the shared client; names resolve like every other flag.

type LinkKind = 'tag' | 'list'

/** Each command names it itself: oclif reads `args` from the class's own properties only. */
export const contactArgument = {contact: Args.string({required: true, ignoreStdin: true, description: 'Contact id or email'})}

/** What a link command works on: the contact and the tags or lists, as typed or as answered. */
export interface LinkInputs {
  contact: string
  names: string[]
}

export abstract class ContactLinkCommand extends AcCommand {
  static override flags = {...outputFlags, ...mutationFlags}

  /**
   * The contact argument and the --tag/--list values; at a terminal, what is missing is asked:
   * the contact by part of its email or name, the tags or lists as a multi-select of the
   * account's (`own`: only the contact's own, for untag and unsubscribe).
   */
  protected async inputs(ctor: typeof ContactLinkCommand, kind: LinkKind, own: boolean): Promise<LinkInputs> {
    const asks = canAsk()
    const typed = [...this.argv]
    const {args, flags} = (await this.parse(asks ? relaxed(ctor) : ctor)) as unknown as {args: {contact?: string}; flags: Record<string, string[] | undefined>}
    if (!asks || (args.contact !== undefined && flags[kind]?.length)) return {contact: args.contact!, names: flags[kind]!}
    const {Asker} = await import('../command/ask.js')
    const asker = new Asker(() => this.client())
    const contact = args.contact ?? (await asker.record('contacts'))
    let names = flags[kind] ?? []
    if (names.length === 0) {
      const only = own ? await this.ownLinks(contact, kind) : undefined
      await asker.records(kind === 'tag' ? 'tags' : 'lists', kind, only)
      names = asker.answers.filter((answer) => answer.flag === kind).map((answer) => answer.value)
    }

    process.stderr.write(`Next time: ${asker.nextTime(this.id ?? '', typed)}\n`)
    const shown = asker.answers.find((answer) => !answer.flag)?.value
    return {contact: shown ?? contact, names}
  }

  /** The tags a contact has, or the lists it is subscribed to (ids). */
  private async ownLinks(contact: string, kind: LinkKind): Promise<Set<string>> {
    const {resolveId} = await import('../lookup.js')
    const client = await this.client()
    const id = await resolveId(client, 'contacts', contact)
    const links = kind === 'tag' ? 'contactTags' : 'contactLists'
    const own = new Set<string>()
    for await (const link of listRecords(client, {path: `/contacts/${id}/${links}`, responseKey: links, all: true})) {
      if (kind === 'tag' || String(link.status) === '1') own.add(String(link[kind]))
    }

    return own
  }

  protected async target(contact: string, names: string[], kind: LinkKind) {
    const {resolveId} = await import('../lookup.js')
    const client = await this.client()
    const [contactId, ...ids] = await Promise.all([
      resolveId(client, 'contacts', contact),
      ...names.map((name) => resolveId(client, kind === 'tag' ? 'tags' : 'lists', name)),
    ])
    // `--tag VIP --tag vip` names one tag: link it once.
    return {client, contactId, ids: [...new Set(ids)]}
  }

  /** The links made or removed; on a terminal with no output asked for, one line saying so instead. */
  protected async print(records: DataRecord[], line?: string): Promise<void> {
    if (this.dryRun) return
    if (line && records.length > 0 && saysInstead(this.common)) {
      this.tell(line)
      return
    }

    const sink = listSink(this.outputOptions())
    for (const record of records) await sink.add(record)
    await sink.end()
  }
}

/** `Tagged ann@example.com with VIP, Gold`: the contact and the tags or lists as the user named them. */
export function linkLine(verb: string, contact: string, preposition: string, kind: LinkKind, names: string[]): string {
  const named = [...new Set(names)].map((name) => asGiven(kind, name)).join(', ')
  return `${verb} ${asGiven('contact', contact)} ${preposition} ${named}`
}

export function linkFlag(kind: LinkKind, verb: string) {
  return Flags.string({
    char: kind === 'tag' ? 't' : 'l',
    description: `${kind === 'tag' ? 'Tag' : 'List'} id or name to ${verb} (repeatable, or comma-separated)`,
    required: true,
    multiple: true,
    // One value per flag, so `ac contacts tag --tag VIP ann@example.com` leaves the contact an argument.
    multipleNonGreedy: true,
    delimiter: ',',
  })
}

export async function addTags(client: ApiClient, contact: string, tags: string[]): Promise<DataRecord[]> {
  const records: DataRecord[] = []
  for (const tag of tags) {
    const {body} = await client.request<{contactTag?: DataRecord}>({method: 'POST', path: '/contactTags', body: {contactTag: {contact, tag}}})
    if (body?.contactTag) records.push(body.contactTag)
  }

  return records
}

/** Removes the links (by their own ids, as the API wants); returns the links removed and the tag ids that were not there. */
export async function removeTags(client: ApiClient, contact: string, tags: string[]): Promise<{removed: DataRecord[]; absent: string[]}> {
  const links = new Map<string, DataRecord>()
  for await (const link of listRecords(client, {path: `/contacts/${contact}/contactTags`, responseKey: 'contactTags', all: true})) {
    links.set(String(link.tag), link)
  }

  const removed: DataRecord[] = []
  const absent: string[] = []
  for (const tag of tags) {
    const link = links.get(tag)
    if (!link) absent.push(tag)
    else {
      await client.request({method: 'DELETE', path: `/contactTags/${link.id}`})
      removed.push({id: link.id, contact: link.contact, tag: link.tag})
    }
  }

  return {removed, absent}
}

/** status 1 subscribes, 2 unsubscribes (API-FACTS: >= 4 is refused). */
export async function setListStatus(client: ApiClient, contact: string, lists: string[], status: 1 | 2): Promise<DataRecord[]> {
  const records: DataRecord[] = []
  for (const list of lists) {
    const {body} = await client.request<{contactList?: DataRecord}>({method: 'POST', path: '/contactLists', body: {contactList: {list, contact, status}}})
    if (body?.contactList) records.push(body.contactList)
  }

  return records
}

/** `contacts subscribe` and `contacts unsubscribe`: the same request with status 1 or 2. */
export function listStatusCommand(verb: 'subscribe' | 'unsubscribe') {
  const status = verb === 'subscribe' ? 1 : 2
  const preposition = verb === 'subscribe' ? 'to' : 'from'
  class ListStatus extends ContactLinkCommand {
    static override summary = `${verb === 'subscribe' ? 'Subscribe' : 'Unsubscribe'} a contact ${preposition} lists (lists by id or name)`
    static override description = `API: POST /contactLists with status ${status}, once per list.`
    static override examples = [`ac contacts ${verb} ann@example.com --list Newsletter`]
    static override args = contactArgument
    static override flags = {...ContactLinkCommand.flags, list: linkFlag('list', `${verb} ${preposition}`)}

    async run(): Promise<void> {
      const {contact, names} = await this.inputs(ListStatus, 'list', verb === 'unsubscribe')
      const {client, contactId, ids} = await this.target(contact, names, 'list')
      await this.print(await setListStatus(client, contactId, ids, status), linkLine(verb === 'subscribe' ? 'Subscribed' : 'Unsubscribed', contact, preposition, 'list', names))
    }
  }

  return ListStatus
}
