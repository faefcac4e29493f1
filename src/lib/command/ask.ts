import type {ApiClient} from '../client/client.js'
import {isId, chosen, resolveId} from '../lookup.js'
import {listRecords} from '../paging.js'
import {multiSelect, number, search, select, confirm, input, type Choice} from '../prompter/index.js'
import {deriveFields, missingFields} from '../request.js'
import {askedOnCreate, describe, numberForWord, recordsResource, references, referenceTarget} from '../resources/index.js'
import type {BodyField, Operation, Parameter} from '../spec/types.js'
import {isEmail} from './input.js'

// Ask, don't refuse: at a terminal, what a command is missing is asked with the prompt that
// fits the field (text, a number, yes/no, a choice from the account's live records), and
// the answers are remembered so that one line can say how to do the same with no questions.
// Only called when the prompter says a person may be asked.

type Record_ = Record<string, unknown>

/** Up to this many records, a plain choice; past it, type part of a name to narrow them. */
const choiceLimit = 15
const searchPage = 20

/** One answer, as the "Next time" line gives it: a flag and its value, or an argument. */
interface Answer {
  flag?: string
  value: string
}

export class Asker {
  readonly answers: Answer[] = []
  constructor(private readonly client: () => Promise<ApiClient>) {}

  /** A record's own id, found by searching (contacts by email or name, deals by title, others by their name). */
  async record(resource: string, flag?: string): Promise<string> {
    const {id, shown} = await this.pick(resource, `Which ${describe(resource).lookup?.noun ?? resource.replace(/s$/, '')}?`)
    this.answers.push({flag, value: shown})
    return id
  }

  /** Several records of a small collection (tags, lists); `only` keeps these ids (a contact's own tags). */
  async records(resource: string, flag: string, only?: Set<string>): Promise<string[]> {
    const lookup = describe(resource).lookup!
    const records = (await this.all(lookup.path)).filter((record) => !only || only.has(String(record.id)))
    if (records.length === 0) throw new Error(`There are no ${lookup.noun}s to choose from`)
    const names = nameCounts(records, lookup.field)
    const ids = await multiSelect(`Which ${lookup.noun}s? (space to pick, enter when done)`, records.map((record) => ({name: String(record[lookup.field]), value: String(record.id)})))
    for (const id of ids) {
      const record = records.find((candidate) => String(candidate.id) === id)!
      this.answers.push({flag, value: shownAs(record, lookup.field, names)})
    }

    return ids
  }

  /**
   * Every body field still missing (and those the API wants on a create though the schema
   * does not say so: a deal's contact), in the order of the body, each asked once.
   */
  async fields(operation: Operation, inner: Record_, declared?: Record<string, {aliases?: string[]}>): Promise<void> {
    const flagOf = (field: BodyField) => {
      const target = referenceTarget(recordsResource(operation), field.name)
      const alias = target ? describe(target).lookup?.flagAlias : undefined
      // `--pipeline` for a deal's `group`, where the command takes it.
      return alias && declared?.[field.flag]?.aliases?.includes(alias) ? alias : field.flag
    }

    const needs = operation.command.endsWith(':create') ? askedOnCreate[recordsResource(operation)] : undefined
    const also = needs && inner[needs.field] === undefined && inner[needs.unless] === undefined ? [needs.field] : []
    const unanswered = new Set([...missingFields(operation, inner).map((field) => field.name), ...also])
    // Fields that follow from others (a list's `stringid` from its name) come last, and are seldom asked.
    const fields = operation.body?.fields ?? []
    const derived = new Set(Object.keys(describe(recordsResource(operation)).derive?.(Object.fromEntries(fields.map((field) => [field.name, 'x']))) ?? {}))
    for (const field of [...fields.filter((field) => !derived.has(field.name)), ...fields.filter((field) => derived.has(field.name))]) {
      if (unanswered.has(field.name) && inner[field.name] === undefined) await this.field(operation, field, inner, flagOf(field), flagOf)
      deriveFields(operation, inner)
    }
  }

  /** A missing body field, written into `inner` as the API wants it. */
  async field(operation: Operation, field: BodyField, inner: Record_, flag: string, flagOf: (field: BodyField) => string): Promise<void> {
    const resource = recordsResource(operation)
    const target = referenceTarget(resource, field.name)
    const label = labelOf(flag)
    if (target) {
      // A stage is chosen within its pipeline: the pipeline first, when the command takes one.
      const scope = describe(target).lookup?.within
      const scopeField = scope ? operation.body?.fields.find((candidate) => candidate.name === scope) : undefined
      if (scopeField && inner[scope!] === undefined) await this.field(operation, scopeField, inner, flagOf(scopeField), flagOf)
      const within = scope && inner[scope] !== undefined ? await resolveId(await this.client(), references[scope]?.to ?? scope, String(inner[scope])) : undefined
      const {id, shown} = await this.pick(target, `${label}:`, within ? {[scope!]: within} : undefined)
      inner[field.name] = field.type === 'integer' ? Number(id) : id
      this.answers.push({flag, value: shown})
      return
    }

    const words = describe(resource).words?.[field.name]
    let value: unknown
    if (words) {
      const word = await select(`${label}:`, Object.keys(words).map((name) => ({name, value: name})))
      this.answers.push({flag, value: word})
      inner[field.name] = field.type === 'integer' ? Number(numberForWord(resource, field.name, word)) : numberForWord(resource, field.name, word)
      return
    }

    if (field.type === 'boolean') {
      value = await confirm(`${label}?`, false)
      this.answers.push({flag: value ? flag : `no-${flag}`, value: ''})
    } else if (field.type === 'integer' || field.type === 'number') {
      value = await number(`${label}${hintOf(field, label)}:`, {integer: field.type === 'integer'})
      this.answers.push({flag, value: String(value)})
    } else {
      const email = /email/i.test(field.name)
      value = await input(`${label}${hintOf(field, label)}:`, {validate: email ? validEmail : undefined})
      this.answers.push({flag, value: String(value)})
    }

    inner[field.name] = value
  }

  /** A required query value (`contacts activities list --contact`): a record by search, or text. */
  async parameter(operation: Operation, parameter: Parameter, flag: string): Promise<string> {
    const target = referenceTarget(recordsResource(operation), parameter.name)
    if (target) {
      const {id, shown} = await this.pick(target, `${labelOf(flag)}:`)
      this.answers.push({flag, value: shown})
      return id
    }

    const value = parameter.type === 'integer' ? String(await number(`${labelOf(flag)}:`, {integer: true})) : await input(`${labelOf(flag)}:`)
    this.answers.push({flag, value})
    return value
  }

  /**
   * The one command line that does the same with no questions: the words and arguments as
   * typed, a name settled by a choice replaced by its id, then the answers.
   */
  nextTime(command: string, argv: string[]): string | undefined {
    if (this.answers.length === 0 && chosen.size === 0) return undefined
    const settled = new Map([...chosen].map(([key, id]) => [key.split('\u0000')[1], id]))
    const typed = argv.map((word) => settled.get(word.toLowerCase()) ?? word)
    const positional = this.answers.filter((answer) => !answer.flag).map((answer) => answer.value)
    const flags = this.answers.filter((answer) => answer.flag).flatMap((answer) => (answer.value === '' ? [`--${answer.flag}`] : [`--${answer.flag}`, answer.value]))
    return ['ac', ...command.split(':'), ...positional, ...typed, ...flags].map(shellWord).join(' ')
  }

  private async all(path: string, query?: Record<string, string>): Promise<Record_[]> {
    const records: Record_[] = []
    for await (const record of listRecords(await this.client(), {path, query, all: true})) records.push(record)
    return records
  }

  /** One record: a choice when the collection is small, else a search as the person types. */
  private async pick(resource: string, message: string, within?: Record<string, string>): Promise<{id: string; shown: string}> {
    const lookup = describe(resource).lookup
    if (resource === 'contacts' || resource === 'deals') return this.searchRemote(resource, message)
    // Records nobody names (notes, links): their id, rather than paging through all of them.
    if (!lookup) {
      const id = await input(`${message} (id)`, {validate: (value) => (isId(value.trim()) ? true : 'Type the record\'s id, e.g. 12')})
      return {id, shown: id}
    }

    const {path, field} = lookup
    const records = (await this.all(path)).filter((record) => !within || Object.entries(within).every(([key, value]) => String(record[key]) === value))
    const names = nameCounts(records, field)
    const choices: Array<Choice<string>> = records.map((record) => ({name: String(record[field] ?? record.id), value: String(record.id)}))
    const id = choices.length <= choiceLimit
      ? await select(message, choices)
      : await search(message, async (term) => choices.filter((choice) => choice.name.toLowerCase().includes(term.toLowerCase())))
    const record = records.find((candidate) => String(candidate.id) === id)!
    return {id, shown: shownAs(record, field, names)}
  }

  /** Contacts by part of their email or name, deals by part of their title: one request per term. */
  private async searchRemote(resource: 'contacts' | 'deals', message: string): Promise<{id: string; shown: string}> {
    const client = await this.client()
    const seen = new Map<string, Record_>()
    const id = await search(`${message} (type part of ${resource === 'contacts' ? 'an email or name' : 'a title'})`, async (term) => {
      const query: Record<string, string> = {limit: String(searchPage)}
      if (term) query[resource === 'contacts' ? 'search' : 'filters[search]'] = term
      const {body} = await client.request<Record<string, Record_[]>>({method: 'GET', path: `/${resource}`, query})
      return (body?.[resource] ?? []).map((record) => {
        seen.set(String(record.id), record)
        const name = resource === 'contacts' ? `${String(record.email ?? '')} ${[record.firstName, record.lastName].filter(Boolean).join(' ')}`.trim() : `${String(record.title ?? '')} (${String(record.id)})`
        return {name, value: String(record.id)}
      })
    })
    const record = seen.get(id)
    // A contact is named by its email on the command line; a deal's title is seldom unique: its id.
    return {id, shown: resource === 'contacts' && record?.email ? String(record.email) : id}
  }
}

function nameCounts(records: Record_[], field: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const record of records) {
    const name = String(record[field] ?? '').toLowerCase()
    counts.set(name, (counts.get(name) ?? 0) + 1)
  }

  return counts
}

/** A record as the next command line names it: by name where the name is its alone (and not all digits), else by id. */
function shownAs(record: Record_, field: string, counts: Map<string, number>): string {
  const name = String(record[field] ?? '')
  return name && !isId(name) && counts.get(name.toLowerCase()) === 1 ? name : String(record.id)
}

/**
 * What the API's description adds that a person needs while typing: a unit or a format
 * (`Value (in cents: $456.78 is 45678)`, `Currency (3-letter ISO code, lowercased)`), kept short.
 */
function hintOf(field: BodyField, label: string): string {
  const text = (field.description ?? '').split('\n')[0].trim().replace(/\.$/, '')
  if (!/cents|format|ISO|YYYY|\(/.test(text) || text.length > 70) return ''
  const rest = (text.toLowerCase().startsWith(label.toLowerCase()) ? text.slice(label.length) : text).replace(/^[\s,:;-]+/, '')
  return rest ? ` (${rest})` : ''
}

function labelOf(flag: string): string {
  const words = flag.replaceAll('-', ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

function validEmail(value: string): true | string {
  return isEmail(value.trim()) ? true : 'That is not an email address (name@example.com)'
}

/** A word as a POSIX shell reads it back: bare when safe, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`
}
