import type {ApiClient, Query} from '../client/client.js'
import {usageError} from '../errors.js'
import {unwrap} from '../envelope.js'
import {isId, resolveId} from '../lookup.js'
import {listSink, printRecord, printValue} from '../output/index.js'
import {progress} from '../output/progress.js'
import {listRecords, maxPageSize} from '../paging.js'
import {describe, parameterResource, recordsResource, referenceTarget} from '../resources/index.js'
import {aliasesFor, operationFor} from '../spec/catalogue.js'
import type {Operation} from '../spec/types.js'
import {AcCommand} from './base.js'
import {confirmOrRefuse} from './confirm.js'
import {convert, filterQuery, readJsonInput, sortQuery, splitAssignment} from './input.js'
import {examplesFor} from './operation-examples.js'
import {argsFor, descriptionFor, flagsFor, isDelete, needsConfirmation, queryFlagName, takesManyIds} from './operation-help.js'

// The one runner behind every generated command: path arguments, query flags and body
// flags in, one request (or a stream of pages) out, through the shared client and output.

type Values = Record<string, unknown>

/** A reference the user gave by name, to turn into an id once input is known to be valid. */
interface PendingName {
  resource: string
  value: string
  apply: (id: string) => void
  /** Record fields that narrow the search, known once the names it depends on are resolved. */
  within?: () => Record<string, string> | undefined
}

export abstract class OperationCommand extends AcCommand {
  static operation: Operation

  async run(): Promise<void> {
    const operation = (this.ctor as unknown as typeof OperationCommand).operation
    const {args, argv, flags} = await this.parse()
    const values = flags as Values
    const names: PendingName[] = []

    // 1. Everything that can be wrong with the input is found before any request.
    const ids = takesManyIds(operation) ? (argv as string[]) : [undefined]
    if (ids.length === 0) throw usageError('Give at least one id')
    const query = this.buildQuery(operation, values, names)
    const body = await this.buildBody(operation, values, names)
    if (needsConfirmation(operation)) {
      const what = ids[0] === undefined ? `send ${operation.method} ${operation.path}` : `delete ${recordsResource(operation)} ${ids.join(', ')}`
      await confirmOrRefuse(`${what}?`, {yes: values.yes as boolean, dryRun: this.dryRun})
    }

    // 2. Names → ids, then the request.
    const client = await this.client()
    // Names that narrow others (a deal's pipeline) first, then those they narrow (its stage).
    const resolveAll = (batch: PendingName[]) => Promise.all(batch.map(async (name) => name.apply(await this.resolve(client, name))))
    await resolveAll(names.filter((name) => !name.within))
    await resolveAll(names.filter((name) => name.within))
    for (const id of ids) {
      const path = await this.buildPath(client, operation, args as Values, id)
      if (operation.paged) await this.list(client, operation, path, query, values)
      else await this.send(client, operation, path, query, body)
    }
  }

  private async resolve(client: ApiClient, name: PendingName): Promise<string> {
    return resolveId(client, name.resource, name.value, name.within?.())
  }

  private async buildPath(client: ApiClient, operation: Operation, args: Values, onlyId?: string): Promise<string> {
    let path = operation.path
    for (const parameter of operation.pathParams) {
      let value = String(onlyId ?? args[parameter.flag])
      // `ac contacts get ann@example.com`: the record's own id may be given by name too.
      const named = parameterResource(operation.path, parameter.name)
      if (named && describe(named).lookup) {
        value = await resolveId(client, named, value)
      }

      path = path.replace(`{${parameter.name}}`, encodeURIComponent(value))
    }

    return path
  }

  private buildQuery(operation: Operation, values: Values, names: PendingName[]): Query {
    const filterWord = operation.query.find((parameter) => parameter.flag === 'filter')?.name.replace(/\[.*$/, '')
    const query: Query = {...filterQuery(values.filter as string[], filterWord), ...sortQuery(values.sort as string[])}
    for (const parameter of operation.query) {
      if (parameter.flag === 'filter' || parameter.flag === 'sort') continue
      const given = values[queryFlagName(operation, parameter)]
      if (given === undefined) continue
      if (Array.isArray(given)) {
        query[parameter.name] = given.map((item) => String(convert(String(item), parameter.type, parameter.flag)))
        continue
      }

      const target = referenceTarget(recordsResource(operation), parameter.name)
      if (target && !isId(String(given))) {
        query[parameter.name] = String(given) // the name, until it is looked up
        names.push({resource: target, value: String(given), apply: (id) => (query[parameter.name] = id)})
        continue
      }

      query[parameter.name] = convert(String(given), parameter.type, parameter.flag) as string
    }

    for (const parameter of operation.query) {
      if (parameter.required && query[parameter.name] === undefined && !parameter.name.startsWith('filters[')) {
        throw usageError(`--${queryFlagName(operation, parameter)} is required`)
      }
    }

    return query
  }

  private async buildBody(operation: Operation, values: Values, names: PendingName[]): Promise<unknown> {
    const spec = operation.body
    const writes = ['POST', 'PUT', 'PATCH'].includes(operation.method) || spec !== undefined
    if (!writes) return undefined
    let body: unknown = values.data === undefined ? undefined : await readJsonInput(values.data as string)
    if (!spec) return body
    const root = spec.root
    if (body === undefined) body = root ? {[root]: {}} : {}
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      if (spec.fields.length === 0) return body
      throw usageError('--data must be a JSON object for this operation')
    }

    // --data may be the whole body, or just the record inside its wrapper.
    // (`{"tag": "VIP"}` for a tag is the record: its wrapper would hold an object.)
    const wrapped = root !== undefined && typeof (body as Values)[root] === 'object' && (body as Values)[root] !== null
    if (root && !wrapped) body = {[root]: body}
    const inner = (root ? (body as Values)[root] : body) as Values
    for (const field of spec.fields) {
      const given = values[field.flag]
      if (given === undefined) continue
      const target = referenceTarget(recordsResource(operation), field.name)
      if (target && typeof given === 'string' && !isId(given)) {
        inner[field.name] = given // the name, until it is looked up: present for the required check
        const scope = describe(target).lookup?.within
        names.push({
          resource: target,
          value: given,
          apply: (id) => (inner[field.name] = field.type === 'integer' ? Number(id) : id),
          within: scope && inner[scope] !== undefined ? () => ({[scope]: String(inner[scope])}) : undefined,
        })
      } else {
        inner[field.name] = typeof given === 'string' ? convert(given, field.type, field.flag) : given
      }
    }

    this.addCustomFields(operation, values.field as string[] | undefined, inner, names)
    if (operation.method === 'POST') {
      for (const [key, value] of Object.entries(describe(recordsResource(operation)).derive?.(inner) ?? {})) inner[key] ??= value
    }

    if ((operation.method === 'PUT' || operation.method === 'PATCH') && values.data === undefined && Object.keys(inner).length === 0 && spec.fields.length > 0) {
      throw usageError('Nothing to change', 'Give at least one field flag, or --data')
    }

    const missing = spec.fields.filter((field) => field.required && inner[field.name] === undefined)
    if (missing.length > 0) {
      throw usageError(`Missing ${missing.map((field) => `--${field.flag}`).join(', ')}`, 'Give it as a flag or inside --data')
    }

    return body
  }

  private addCustomFields(operation: Operation, fields: string[] | undefined, inner: Values, names: PendingName[]): void {
    const style = describe(recordsResource(operation)).customFields
    if (!style || !fields?.length) return
    const entries = (inner[style.key] ??= []) as Values[]
    for (const assignment of fields) {
      const [field, value] = splitAssignment(assignment, '--field')
      const entry: Values = {[style.idKey]: isId(field) && Number.isSafeInteger(Number(field)) ? Number(field) : field, [style.valueKey]: value}
      if (!isId(field)) names.push({resource: style.definitions, value: field, apply: (id) => (entry[style.idKey] = Number(id))})
      entries.push(entry)
    }
  }

  private async list(client: ApiClient, operation: Operation, path: string, query: Query, values: Values): Promise<void> {
    const resource = recordsResource(operation)
    const description = describe(resource)
    const options = this.outputOptions(description.columns)
    const sink = listSink(options)
    const pages = Boolean(values.all) || (values.limit as number) > maxPageSize
    const shown = progress(`Fetching ${resource}`, {stdoutBuffered: options.format === 'table', long: pages, quiet: values.quiet as boolean})
    const records = listRecords(client, {
      path,
      query,
      responseKey: operation.responseKey,
      limit: values.limit as number,
      offset: values.offset as number | undefined,
      all: values.all as boolean,
      byIdGreater: description.pagesByIdGreater && operation.path === `/${resource}`,
      onPage: ({fetched, total}) => shown.update(fetched, total),
    })
    try {
      for await (const record of records) await sink.add(record)
    } finally {
      shown.done()
    }

    await sink.end()
  }

  private async send(client: ApiClient, operation: Operation, path: string, query: Query, body: unknown): Promise<void> {
    const response = await client.request({method: operation.method, path, query, body})
    if (response.planned) return
    if (isDelete(operation)) {
      this.tell(`Deleted: ${operation.method} ${path}`)
      const said = response.body
      if (said && typeof said === 'object' && Object.keys(said).length > 0) await printValue(said, this.outputOptions())
      return
    }

    const answer = unwrap(response.body, operation.responseKey ?? operation.body?.root, operation.path)
    const options = this.outputOptions(describe(recordsResource(operation)).columns)
    if (answer.kind === 'list') {
      const sink = listSink(options)
      for (const record of answer.records) await sink.add(record)
      await sink.end()
    } else if (answer.kind === 'record') await printRecord(answer.record, options)
    else await printValue(answer.value, options)
  }
}

/** The oclif command class for one catalogue operation: what every generated command file exports. */
export function operationCommand(command: string): typeof OperationCommand {
  const operation = operationFor(command)
  const commandLine = `ac ${command.replaceAll(':', ' ')}`
  return class extends OperationCommand {
    static override operation = operation
    static override summary = operation.summary
    static override description = descriptionFor(operation)
    static override examples = examplesFor(operation, commandLine)
    static override args = argsFor(operation)
    static override flags = flagsFor(operation) as (typeof OperationCommand)['flags']
    static override hiddenAliases = aliasesFor(command)
    static override strict = !takesManyIds(operation)
  }
}
