import {Command, Errors, type Interfaces} from '@oclif/core'

import type {ApiClient, ApiRequest} from '../client/client.js'
import {AcError, ExitCode, usageError} from '../errors.js'
import type {OutputFormat, OutputOptions} from '../output/index.js'
import type {Credentials} from '../profiles.js'
import {setNoInput} from '../prompter/index.js'
import {connectionFlags} from './flags.js'
import {type ParseErrorContext, userWords} from './parse-errors.js'

// The base of every `ac` command: it lazily provides credentials and the API client, turns
// --output/--json/--columns into output options, and is the one place where an error
// becomes a line on stderr and an exit code.

type CommonFlags = {
  profile?: string
  debug?: boolean
  output?: string
  json?: boolean
  columns?: string
  jq?: string
  'dry-run'?: boolean
  'read-only'?: boolean
  'max-writes'?: number
  timeout?: number
  retries?: number
  'no-input'?: boolean
}

/** What a long job (seed, import, bulk delete) needs of the command that runs it. */
export interface JobContext {
  client: () => Promise<ApiClient>
  output: OutputOptions
  /** Success text for a person: stderr, on a terminal only. */
  tell: (message: string) => void
  dryRun: boolean
  /** No progress bar. */
  quiet: boolean
}

export abstract class AcCommand extends Command {
  static override baseFlags: Interfaces.FlagInput = connectionFlags

  protected common: CommonFlags = {}
  private clientPromise?: Promise<ApiClient>
  private credentialsPromise?: Promise<Credentials>

  /** Parse once up front to learn the flags every command shares; commands parse again, typed. */
  override async init(): Promise<void> {
    await super.init()
    // Nothing required yet: a missing argument may still be asked for (run() parses for real).
    const {flags} = await this.parse(relaxed(this.ctor))
    this.common = flags as CommonFlags
    setNoInput(this.common['no-input'])
    await this.checkOutputFlags()
  }

  /** Output flags that contradict each other or cannot work are usage errors before any request. */
  private async checkOutputFlags(): Promise<void> {
    const {json, output, jq} = this.common
    if (json && output && output !== 'json') throw usageError(`--json and -o ${output} ask for two formats`, 'Give one of them')
    if (jq !== undefined) {
      if (output && output !== 'json') throw usageError(`--jq filters JSON: it cannot go with -o ${output}`, 'Drop -o, or --jq')
      const {checkJq} = await import('../output/jq.js')
      await checkJq(jq)
    }
  }

  protected get outputFormat(): OutputFormat {
    if (this.common.json || this.common.jq !== undefined) return 'json'
    return (this.common.output as OutputFormat | undefined) ?? 'table'
  }

  protected outputOptions(defaultColumns?: string[]): OutputOptions {
    const columns = this.common.columns
      ?.split(',')
      .map((column) => column.trim())
      .filter(Boolean)
    return {format: this.outputFormat, columns, defaultColumns, jq: this.common.jq}
  }

  protected debugLine(line: string): void {
    if (this.common.debug) process.stderr.write(`[debug] ${line}\n`)
  }

  /** Use these credentials instead of resolving them (`auth login` checks new ones). */
  protected useCredentials(credentials: Credentials): void {
    this.credentialsPromise = Promise.resolve(credentials)
    this.clientPromise = undefined
  }

  protected credentials(): Promise<Credentials> {
    this.credentialsPromise ??= import('../profiles.js').then(({resolveCredentials}) => resolveCredentials(this.common.profile))
    return this.credentialsPromise
  }

  /** The API client for this invocation; with --dry-run it prints what it would change and sends none of it. */
  protected client(): Promise<ApiClient> {
    this.clientPromise ??= (async () => {
      const [{ApiClient}, {normaliseBaseUrl}, {guardRails}, {connectionSettings}, {forgettingNames}] = await Promise.all([
        import('../client/client.js'), import('../client/url.js'), import('./guard-rails.js'), import('./connection.js'), import('../names/cache.js'),
      ])
      // Bad settings are a usage error before credentials are even looked at.
      const settings = connectionSettings({timeout: this.common.timeout, retries: this.common.retries})
      const credentials = await this.credentials()
      const baseUrl = normaliseBaseUrl(credentials.url)
      const rails = guardRails(credentials, {readOnly: this.common['read-only'], maxWrites: this.common['max-writes'], argv: this.argv, id: this.id})
      return new ApiClient({
        baseUrl,
        token: credentials.token,
        trace: (line) => this.debugLine(line),
        userAgent: `ac-cli/${this.config.version}`,
        ...settings,
        plan: this.common['dry-run'] ? (request, url) => this.printPlanned(request, url) : undefined,
        ...rails,
        // A dry run sends nothing, so forgets nothing.
        audit: this.dryRun ? rails.audit : forgettingNames(rails.audit, credentials.profile, baseUrl),
      })
    })()
    return this.clientPromise
  }

  private printPlanned(request: ApiRequest, url: string): void {
    const format = this.outputFormat
    if (format === 'json' || format === 'ndjson') {
      process.stdout.write(JSON.stringify({method: request.method, url, body: request.body}) + '\n')
      return
    }

    process.stdout.write(`${request.method} ${url}\n`)
    if (request.body !== undefined) process.stdout.write(JSON.stringify(request.body, null, 2) + '\n')
  }

  /** Whether errors go to stdout as JSON too; read from argv when parsing itself failed. */
  private wantsJson(): boolean {
    if (this.common.json || this.common.output) return this.outputFormat === 'json'
    const argv = this.argv.join(' ')
    return /(^| )--json( |$)/.test(argv) || /(^| )(-o|--output)[ =]?json( |$)/.test(argv)
  }

  protected get dryRun(): boolean {
    return Boolean(this.common['dry-run'])
  }

  /** Success text for people: on stderr, and only on a terminal. */
  protected tell(message: string): void {
    if (process.stderr.isTTY) process.stderr.write(message + '\n')
  }

  protected jobContext(quiet = false): JobContext {
    return {client: () => this.client(), output: this.outputOptions(), tell: (message) => this.tell(message), dryRun: this.dryRun, quiet}
  }

  override async catch(error: Error & {oclif?: {exit?: number}; code?: string}): Promise<never> {
    const ctor = this.ctor as unknown as {flags?: Record<string, unknown>; baseFlags?: Record<string, unknown>; args?: Record<string, {description?: string}>}
    const acError = toAcError(error, {
      flags: Object.keys({...ctor.baseFlags, ...ctor.flags}),
      args: Object.entries(ctor.args ?? {}).map(([name, arg]) => ({name, description: arg.description})),
      commandLine: `ac ${(this.id ?? '').replaceAll(':', ' ')}`.trim(),
    })
    if (!acError) throw error
    process.stderr.write(`Error: ${acError.line}\n`)
    if (this.common.debug && acError.stack) process.stderr.write(`${acError.stack}\n`)
    if (this.wantsJson() && !acError.inJsonOutput && this.common.jq === undefined) process.stdout.write(JSON.stringify(acError.toJSON()) + '\n')
    this.exit(acError.exitCode)
  }
}

/**
 * The command's inputs with nothing required, for a parse whose missing pieces are asked for
 * (or checked by the command): oclif's own check would refuse before anyone could be asked.
 */
export function relaxed<T extends object>(ctor: T): T {
  const loose = <I extends Record<string, {required?: boolean}> | undefined>(inputs: I): I =>
    inputs && (Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, {...input, required: false}])) as I)
  const command = ctor as unknown as Interfaces.Input<any, any, any>
  return {
    ...command,
    args: loose(command.args as Record<string, {required?: boolean}>),
    flags: loose(command.flags as Record<string, {required?: boolean}>),
    baseFlags: command.baseFlags,
    strict: command.strict,
    enableJsonFlag: command.enableJsonFlag,
    '--': command['--'],
  } as unknown as T
}

/** Anything thrown → an AcError; undefined for oclif's own exits, which pass through. */
function toAcError(error: Error & {oclif?: {exit?: number}; code?: string}, context: ParseErrorContext): AcError | undefined {
  if (error instanceof AcError) return error
  if (error instanceof Errors.ExitError) return undefined
  if (error.name === 'ExitPromptError' || error.name === 'AbortPromptError') {
    return new AcError('Interrupted', {code: 'interrupted', exitCode: ExitCode.interrupted})
  }

  const oneLine = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('See more help'))
    .join(' ')
  // oclif's parse errors (unknown flag, missing argument, bad value) carry exit 2.
  if (error.oclif?.exit === 2 || error.name === 'CLIError') {
    const {message, hint} = userWords(oneLine, context)
    return new AcError(message, {code: 'usage', exitCode: ExitCode.usage, hint})
  }

  return new AcError(oneLine || String(error), {code: 'internal', exitCode: ExitCode.failure, cause: error})
}
