import {Args, Flags} from '@oclif/core'

import type {ApiClient} from '../client/client.js'
import {AcCommand} from '../command/base.js'
import {mutationFlags, outputFlags} from '../command/flags.js'
import {asGiven, saysInstead} from '../command/said.js'
import {listSink, type DataRecord} from '../output/index.js'
import {listRecords} from '../paging.js'

// The links between a contact and its tags and lists, as people say them:
// `ac contacts tag ann@example.com --tag VIP`, `ac contacts subscribe 12 --list Newsletter`.
// Each is one small command over the shared client; names resolve like every other flag.

type LinkKind = 'tag' | 'list'

/** Each command names it itself: oclif reads `args` from the class's own properties only. */
export const contactArgument = {contact: Args.string({required: true, ignoreStdin: true, description: 'Contact id or email'})}

export abstract class ContactLinkCommand extends AcCommand {
  static override flags = {...outputFlags, ...mutationFlags}

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
      const {args, flags} = await this.parse(ListStatus)
      const {client, contactId, ids} = await this.target(args.contact, flags.list, 'list')
      await this.print(await setListStatus(client, contactId, ids, status), linkLine(verb === 'subscribe' ? 'Subscribed' : 'Unsubscribed', args.contact, preposition, 'list', flags.list))
    }
  }

  return ListStatus
}
