import type {ApiClient, Query} from '../client/client.js'
import {unwrap} from '../envelope.js'
import {isId, resolveId} from '../lookup.js'
import type {NamesContext} from '../names/index.js'
import {listSink, printRecord, printValue, type OutputOptions} from '../output/index.js'
import {progress} from '../output/progress.js'
import {listRecords, maxPageSize} from '../paging.js'
import {fillPath, resolveNames, stagesInDealPipeline, type PendingName, type Values} from '../request.js'
import {describe, parameterResource, recordsResource} from '../resources/index.js'
import {canAsk} from '../prompter/index.js'
import {aliasesFor, operationFor} from '../spec/catalogue.js'
import type {Operation} from '../spec/types.js'
import type {Asker} from './ask.js'
import {AcCommand, relaxed} from './base.js'
import {confirmOrRefuse} from './confirm.js'
import {job} from './jobs.js'
import {buildBody, buildQuery} from './build.js'
import {examplesFor} from './operation-examples.js'
import {doneLine, saysInstead} from './said.js'
import {argsFor, descriptionFor, flagsFor, idsInQuery, isDelete, namedResource, needsConfirmation, takesManyIds, usageFor} from './operation-help.js'

// The one runner behind every generated command: path arguments, query flags and body
// flags in, one request (or a stream of pages) out, through the shared client and output.

export abstract class OperationCommand extends AcCommand {
  static operation: Operation

  async run(): Promise<void> {
    const operation = (this.ctor as unknown as typeof OperationCommand).operation
    // At a terminal nothing is required up front: what is missing is asked for instead.
    const asker = canAsk() ? new (await job('asking')).Asker(() => this.client()) : undefined
    const typed = [...this.argv]
    const {args, argv, flags} = await this.parse(asker ? relaxed(this.ctor) : undefined)
    const values = flags as Values
    const names: PendingName[] = []

    if (takesManyIds(operation)) {
      await this.deleteMany(operation, args as Values, argv as string[], values, asker)
      return
    }

    if (asker) await this.askArguments(operation, args as Values, asker)
    if (values.web) {
      await this.openInApp(operation, args as Values)
      return
    }

    // 1. Everything that can be wrong with the input is found before any request.
    const query = await buildQuery(operation, values, names, asker)
    const body = await buildBody(operation, values, names, asker, this.ctor.flags as Record<string, {aliases?: string[]}>)
    stagesInDealPipeline(operation, names, () => this.client().then((client) => this.buildPath(client, operation, args as Values)))
    if (needsConfirmation(operation)) {
      await confirmOrRefuse(`send ${operation.method} ${operation.path}?`, {yes: values.yes as boolean, dryRun: this.dryRun})
    }

    // 2. Names → ids, then the request.
    const client = await this.client()
    await resolveNames(client, names)
    const path = await this.buildPath(client, operation, args as Values)
    this.sayNextTime(operation, asker, typed)
    if (operation.paged) await this.list(client, operation, path, query, values)
    else await this.send(client, operation, path, query, body, values.with as string[] | undefined)
  }

  /** `ac deals get` at a terminal: the record is searched for (contacts by email or name, deals by title). */
  private async askArguments(operation: Operation, args: Values, asker: Asker): Promise<void> {
    for (const parameter of operation.pathParams) {
      if (args[parameter.flag] !== undefined) continue
      args[parameter.flag] = await asker.record(parameterResource(operation.path, parameter.name) ?? recordsResource(operation))
    }
  }

  /** After questions, the command line that does the same with none (stderr, for the person who asked). */
  private sayNextTime(operation: Operation, asker: Asker | undefined, typed: string[]): void {
    const line = asker?.nextTime(operation.command, typed)
    if (line) process.stderr.write(`Next time: ${line}\n`)
  }

  private async deleteMany(operation: Operation, args: Values, argv: string[], values: Values, asker?: Asker): Promise<void> {
    const bulk = idsInQuery(operation)
    const selectBy = describe(recordsResource(operation)).selectBy ?? {}
    const nothingGiven = argv.length === 0 && !(bulk && (values[bulk.flag] as string[] | undefined)?.length) && values['ids-from'] === undefined && Object.keys(selectBy).every((flag) => values[flag] === undefined) && !(values.filter as string[] | undefined)?.length
    if (asker && nothingGiven) {
      argv = [await asker.record(namedResource(operation) ?? parameterResource(operation.path, operation.pathParams[0]?.name ?? '') ?? recordsResource(operation))]
      const line = asker.nextTime(operation.command, [...this.argv])
      if (line) process.stderr.write(`Next time: ${line}\n`)
    }

    // Only deletes pay for the bulk job (and csv-parse for --ids-from): lists and gets start without it.
    const {deleteMany} = await job('bulkDelete')
    await deleteMany({
      operation,
      given: [...argv, ...((bulk ? values[bulk.flag] : undefined) as string[] | undefined ?? [])].map(String),
      idsFrom: values['ids-from'] as string | undefined,
      selection: Object.fromEntries(Object.keys(selectBy).map((flag) => [flag, values[flag] as string | undefined])),
      filters: values.filter as string[] | undefined,
      yes: Boolean(values.yes),
      dryRun: this.dryRun,
      quiet: Boolean(values.quiet),
      output: this.outputOptions(),
      client: () => this.client(),
      pathFor: (client, id) => this.buildPath(client, operation, args, id),
      tell: (message) => this.tell(message),
    })
  }

  /** `get --web`: the record's page in the app, opened on a terminal, printed elsewhere; an id costs no request. */
  private async openInApp(operation: Operation, args: Values): Promise<void> {
    const [{openRecord}, {normaliseBaseUrl}] = await Promise.all([job('browser'), import('../client/url.js')])
    const given = String(args[operation.pathParams[0].flag])
    const resource = recordsResource(operation)
    const url = await openRecord(normaliseBaseUrl((await this.credentials()).url), resource, isId(given) ? given : async () => resolveId(await this.client(), resource, given))
    if (url) this.tell(`Opening ${url} in your browser`)
  }

  private buildPath(client: ApiClient, operation: Operation, args: Values, onlyId?: string): Promise<string> {
    return fillPath(client, operation, (parameter) => String(onlyId ?? args[parameter.flag]))
  }

  private async list(client: ApiClient, operation: Operation, path: string, query: Query, values: Values): Promise<void> {
    const resource = recordsResource(operation)
    const description = describe(resource)
    const options = {...this.outputOptions(description.columns), tableColumns: description.tableColumns, cells: description.cells, names: this.tableNames(client, resource)}
    const sink = listSink(options)
    const pages = Boolean(values.all) || (values.limit as number) > maxPageSize
    const shown = progress(`Fetching ${resource}`, {stdoutBuffered: options.format === 'table', long: pages, quiet: values.quiet as boolean})
    let known: number | undefined
    let count = 0
    const records = listRecords(client, {
      path,
      query,
      responseKey: operation.responseKey,
      limit: values.limit as number,
      offset: values.offset as number | undefined,
      all: values.all as boolean,
      byIdGreater: description.pagesByIdGreater && operation.path === `/${resource}`,
      onPage: ({fetched, total}) => {
        known = total
        shown.update(fetched, total)
      },
    })
    try {
      for await (const record of records) {
        await sink.add(record)
        count++
      }
    } finally {
      shown.done()
    }

    await sink.end()
    // A list cut at its limit says so to a person (stderr, terminal only): 786 were there.
    if (!values.all && !values.offset && count === values.limit && known !== undefined && known > count) this.tell(`${count} of ${known} shown; --all for every record`)
  }

  /** `--with tags,lists`: the record's relations by name, as fields beside its own. */
  private async addRelated(client: ApiClient, operation: Operation, record: Values, answer: unknown, related: string[]): Promise<void> {
    const {namesOf, relationsOf} = await job('relations')
    const relations = relationsOf(recordsResource(operation))
    for (const name of related) record[name] = await namesOf(client, answer, relations[name])
  }

  /** What a terminal table names (src/lib/names): loaded only when a table is drawn on a terminal. */
  private tableNames(client: ApiClient, resource: string): OutputOptions['names'] {
    return async (records, columns) => (await job('names')).tableNames(await this.namesContext(client), resource, records, columns)
  }

  private async namesContext(client: ApiClient): Promise<NamesContext> {
    const {profile} = await this.credentials()
    return (await job('names')).namesContext(client, profile, (line) => this.debugLine(line))
  }

  /** `get` on a terminal, in the table format and no --columns: the whole record, its relations and names. */
  private showsWhole(operation: Operation): boolean {
    const options = this.outputOptions()
    return operation.command.endsWith(':get') && options.format === 'table' && !options.columns?.length && options.jq === undefined && Boolean(process.stdout.isTTY)
  }

  private async printWhole(client: ApiClient, operation: Operation, record: Values, answer: unknown): Promise<void> {
    const resource = recordsResource(operation)
    const noun = describe(resource).lookup?.noun ?? operation.responseKey ?? resource
    await (await job('wholeRecord')).printWholeRecord(await this.namesContext(client), resource, noun, record, answer)
  }

  private async send(client: ApiClient, operation: Operation, path: string, query: Query, body: unknown, given?: string[]): Promise<void> {
    const related = given ? [...new Set(given)] : undefined
    const whole = this.showsWhole(operation)
    const includes: string[] = []
    if (related?.length) {
      const {includeFor} = await job('relations')
      includes.push(includeFor(recordsResource(operation), related))
    }

    if (whole) includes.push(...(await job('wholeRecord')).wholeInclude(recordsResource(operation)))
    if (includes.length > 0) query = {...query, include: [...new Set(includes.join(',').split(','))].join(',')}

    // A create whose answer was lost is settled by the record's natural key (src/lib/once/).
    const request = {method: operation.method, path, query, body}
    const response = operation.method === 'GET' ? await client.request(request) : await (await job('once')).sendOnce(client, request, {root: operation.body?.root, said: (note) => process.stderr.write(`${note}\n`)})
    if (response.planned) return
    if (isDelete(operation)) {
      this.tell(`Deleted: ${operation.method} ${path}`)
      const said = response.body
      if (said && typeof said === 'object' && Object.keys(said).length > 0) await printValue(said, this.outputOptions())
      return
    }

    const answer = unwrap(response.body, operation.responseKey ?? operation.body?.root, operation.path)
    const description = describe(recordsResource(operation))
    const options = {
      ...this.outputOptions(description.columns),
      tableColumns: description.tableColumns,
      cells: description.cells,
      added: related,
      names: this.tableNames(client, recordsResource(operation)),
    }
    if (answer.kind === 'record' && whole) {
      await this.printWhole(client, operation, answer.record, response.body)
      return
    }

    if (answer.kind === 'record' && related?.length) await this.addRelated(client, operation, answer.record, response.body, related)
    const line = answer.kind === 'record' && saysInstead(this.common) ? doneLine(operation, answer.record) : undefined
    if (line) {
      this.tell(line)
      return
    }

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
    static override usage = usageFor(operation)
    static override flags = flagsFor(operation) as (typeof OperationCommand)['flags']
    static override hiddenAliases = aliasesFor(command)
    static override strict = !takesManyIds(operation)
  }
}
