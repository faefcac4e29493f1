import {existsSync} from 'node:fs'

import type {ApiClient} from '../client/client.js'
import type {JobContext} from '../command/base.js'
import {confirmOrRefuse} from '../command/confirm.js'
import {AcError, ExitCode, usageError} from '../errors.js'
import {listSink, type OutputOptions} from '../output/index.js'
import {onInterrupt, sameCommand} from '../interrupt.js'
import {progress} from '../output/progress.js'
import {applyPlan, mergedState} from './apply.js'
import {type CleanOutcome, cleanRecords, toRemove} from './clean.js'
import {loadFixture} from './fixture.js'
import {plan} from './plan.js'
import {defaultStatePath, isUncertain, readState, removeState, type SeedState, wasCreated, writeState} from './state.js'

// `seed apply` and `seed clean` as jobs over what a command provides (the client, output
// options, success text for a terminal): the commands themselves only parse flags.


const columns = ['resource', 'name', 'id', 'action']

async function print(records: object[], output: OutputOptions): Promise<void> {
  const sink = listSink({...output, defaultColumns: columns})
  for (const record of records) await sink.add(record as Record<string, unknown>)
  await sink.end()
}

function counts(actions: string[]): string {
  const tally = new Map<string, number>()
  for (const action of actions) tally.set(action, (tally.get(action) ?? 0) + 1)
  return [...tally].map(([action, count]) => `${action} ${count}`).join(', ')
}

/** A state file is for one account: cleaning another account with it would delete strangers' records. */
function checkAccount(state: SeedState | undefined, path: string, client: ApiClient): void {
  if (state && state.account !== client.baseUrl) {
    throw usageError(`${path} holds records of ${state.account}, not of ${client.baseUrl}`, 'Give another --state file, or use the profile it was written with')
  }
}

export async function applyJob(job: JobContext, file: string, flags: {state?: string; runId?: string; update: boolean}): Promise<void> {
  const fixture = await loadFixture(file)
  const planned = plan(fixture, {env: process.env, runId: flags.runId})
  const statePath = flags.state ?? defaultStatePath(file, flags.runId)
  const previous = readState(statePath)
  const client = await job.client()
  checkAccount(previous, statePath, client)
  const base = {fixture: file, account: client.baseUrl, runId: flags.runId}
  const bar = progress('Seeding', {quiet: job.quiet, long: planned.length > 1, stdoutBuffered: true})
  let result: Awaited<ReturnType<typeof applyPlan>>
  try {
    result = await applyPlan(client, planned, {
      update: flags.update,
      dryRun: job.dryRun,
      previous,
      onProgress: (done, total) => bar.update(done, total),
      onLevel: (entries) => {
        if (!job.dryRun && entries.length > 0) writeState(statePath, mergedState(previous, entries, base))
      },
      onInterrupt: (entries, outcomes, left) => {
        bar.done()
        writeState(statePath, mergedState(previous, entries, base))
        const unsure = entries.filter((entry) => isUncertain(entry)).length
        return [
          `Seeding stopped: ${counts(outcomes.map((outcome) => outcome.action)) || 'nothing done'}; ${left.length} of ${planned.length} records not done${unsure ? ` (${unsure} whose create was in flight: the next apply finds them by their natural key)` : ''}.`,
          `State in ${statePath}. Finish with: ${sameCommand()}`,
        ]
      },
    })
  } finally {
    bar.done()
  }

  await print(result.outcomes, job.output)
  const summary = counts(result.outcomes.map((outcome) => outcome.action))
  job.tell(job.dryRun ? `Dry run, nothing sent: ${summary}` : `Seeded ${fixture.file}: ${summary}. State in ${statePath}; undo with: ac seed clean ${file}${flags.runId ? ` --run-id ${flags.runId}` : ''}`)
}

export async function cleanJob(job: JobContext, file: string | undefined, flags: {state?: string; runId?: string; yes: boolean}): Promise<void> {
  if (!file && !flags.state) throw usageError('Give the fixture FILE or --state FILE')
  const statePath = flags.state ?? defaultStatePath(file!, flags.runId)
  const state = readState(statePath)
  // Neither the fixture nor its state: a typo (in CI it would never clean, silently), not "nothing to clean".
  if (!state && !(file && existsSync(file))) {
    throw usageError(file ? `No such file: ${file} (nor its state file ${statePath})` : `No such file: ${statePath}`, 'Give the fixture seed apply was run with, or its --state FILE')
  }

  const removing = state ? toRemove(state.records) : []
  if (!state || removing.length === 0) {
    job.tell(state ? `Nothing to clean: ${statePath} lists no record that seed apply created` : `Nothing to clean: no state file ${statePath}`)
    if (state && !job.dryRun && !state.records.some((entry) => isUncertain(entry))) removeState(statePath)
    if (job.output.format !== 'table') await print([], job.output)
    return
  }

  const what = counts(removing.map((entry) => entry.resource))
  await confirmOrRefuse(`delete ${removing.length} records that seed apply created (${what})?`, {yes: flags.yes, dryRun: job.dryRun})
  const client = await job.client()
  checkAccount(state, statePath, client)
  const bar = progress('Cleaning', {quiet: job.quiet, long: removing.length > 1, stdoutBuffered: true})
  const outcomes: CleanOutcome[] = []
  // What clean did not remove stays in the state: failures, and what it never got to.
  const remaining = () => state.records.filter((entry) => wasCreated(entry) && !outcomes.some((outcome) => outcome.action !== 'failed' && outcome.resource === entry.resource && outcome.name === entry.name))
  const offInterrupt = job.dryRun ? undefined : onInterrupt(() => {
    bar.done()
    writeState(statePath, {...state, updatedAt: new Date().toISOString(), records: remaining()})
    return [
      `Cleaning stopped: ${counts(outcomes.map((outcome) => outcome.action)) || 'nothing removed'}; ${removing.length - outcomes.length} of ${removing.length} records not done.`,
      `They stay in ${statePath}. Finish with: ${sameCommand()}`,
    ]
  })
  try {
    await cleanRecords(client, state.records, {dryRun: job.dryRun, outcomes, onProgress: (done, total) => bar.update(done, total)})
  } finally {
    offInterrupt?.()
    bar.done()
  }

  await print(outcomes, job.output)
  if (job.dryRun) return
  const failed = outcomes.filter((outcome) => outcome.action === 'failed')
  const left = remaining()
  const unsure = left.filter((entry) => isUncertain(entry))
  if (unsure.length > 0) {
    process.stderr.write(`${unsure.length} record${unsure.length === 1 ? '' : 's'} whose create was interrupted or unanswered (${unsure.map((entry) => `${entry.resource}.${entry.name}`).join(', ')}) cannot be removed without an id: run seed apply again (it finds them by natural key), then seed clean\n`)
  }

  if (left.length === 0) removeState(statePath)
  else writeState(statePath, {...state, updatedAt: new Date().toISOString(), records: left})
  job.tell(`Cleaned: ${counts(outcomes.map((outcome) => outcome.action))}`)
  if (failed.length > 0) {
    const reasons = failed.map((outcome) => `${outcome.resource}.${outcome.name} (${outcome.error})`).join('; ')
    throw new AcError(`${failed.length} of ${outcomes.length} records could not be removed: ${reasons}`, {
      code: 'incomplete',
      exitCode: ExitCode.failure,
      hint: `They stay in ${statePath}: run the same command again to retry`,
    })
  }
}

export async function exportJob(job: JobContext, flags: {resources?: string; tag?: string; outputFile?: string}): Promise<void> {
  const {exportFixture, defaultExportResources} = await import('./export.js')
  const resources = flags.resources?.split(',').map((word) => word.trim()).filter(Boolean) ?? defaultExportResources
  const client = await job.client()
  const bar = progress('Exporting', {quiet: job.quiet, stdoutBuffered: true})
  const exported = await exportFixture(client, {resources, tag: flags.tag, onProgress: (done) => bar.update(done)}).finally(() => bar.done())
  // Dependencies first, as a person would write the file; apply does not mind the order.
  const {seedResources} = await import('./resources.js')
  const fixture = Object.fromEntries(seedResources.filter((resource) => exported[resource.name]).map((resource) => [resource.name, exported[resource.name]]))
  const records = Object.values(fixture).reduce((sum, group) => sum + Object.keys(group).length, 0)
  let text: string
  if (job.output.format === 'json') text = JSON.stringify(fixture, null, 2) + '\n'
  else {
    const {stringify} = await import('yaml')
    text = `# Exported from ${client.baseUrl} by ac seed export. Apply with: ac seed apply FILE (--dry-run shows the plan)\n` + stringify(fixture)
  }

  if (flags.outputFile) {
    const {writeFileAtomic} = await import('../files.js')
    writeFileAtomic(flags.outputFile, text)
    job.tell(`Exported ${records} records to ${flags.outputFile}`)
  } else process.stdout.write(text)
}
