import type {ApiClient} from '../client/client.js'
import {Pacer, sleep} from '../client/pacer.js'
import {AcError, ExitCode} from '../errors.js'
import {requestBody, type Batch, type BodyOptions, type Entry} from './batches.js'

// Sends batches to /import/bulk_import and learns what became of every contact in them.
//
// The importer refuses a whole batch for one bad contact (400 success:0 with
// `failureReasons`, 1-based): the named contacts are taken out and the rest resent; when the
// answer does not say which, the batch is halved until it does, so one bad row costs its
// batch a few requests, not 249 good contacts. Its own quota (100 requests a minute, on top
// of the account's 5 req/s) is paced here; a "Rate limit exceeded." answer was not queued,
// so resending it can neither lose nor duplicate a contact.

export type RowStatus = 'queued' | 'imported' | 'failed'

export interface RowResult {
  status: RowStatus
  reason?: string
}

export interface JobOptions extends BodyOptions {
  onProgress?: (done: number, total: number) => void
}

interface QueuedBatch {
  batchId: string
  entries: Entry[]
}

interface ImporterAnswer {
  success?: number | string
  message?: string
  batchId?: string
  failureReasons?: unknown[]
}

const quotaPerMinute = Number(process.env.AC_IMPORT_QUOTA ?? 100)
let sharedImportPacer: Pacer | undefined
/** One per process, like the 5 req/s pacer: every import request of this process counts. */
function importPacer(): Pacer {
  sharedImportPacer ??= new Pacer(Number.isFinite(quotaPerMinute) ? quotaPerMinute : 100, {windowMs: 60_000, spread: false})
  return sharedImportPacer
}

const batchesInFlight = 2
const quotaRetries = 10
const pollMs = 250

function isRateLimit(body: ImporterAnswer | undefined): boolean {
  return /rate limit/i.test(String(body?.message ?? ''))
}

/** failureReasons → reasons by 0-based position in the batch; empty when they do not say which. */
function reasonsByPosition(body: ImporterAnswer | undefined, size: number): Map<number, string> {
  const reasons = new Map<number, string>()
  for (const item of body?.failureReasons ?? []) {
    if (!item || typeof item !== 'object') continue
    const {contact, reason, failureReason} = item as Record<string, unknown>
    const position = Number(contact) - 1
    if (!Number.isInteger(position) || position < 0 || position >= size) continue
    const said = String(reason ?? failureReason ?? body?.message ?? 'refused by the importer')
    reasons.set(position, reasons.has(position) ? `${reasons.get(position)}; ${said}` : said)
  }

  return reasons
}

export class ImportJob {
  readonly results = new Map<number, RowResult>()
  /** POSTs to the importer, resends included. */
  requests = 0
  private readonly queued: QueuedBatch[] = []
  private total = 0

  constructor(
    private readonly client: ApiClient,
    private readonly options: JobOptions,
  ) {}

  private settle(entries: Entry[], result: RowResult): void {
    for (const entry of entries) this.results.set(entry.index, result)
    this.options.onProgress?.(this.results.size, this.total)
  }

  async send(batches: Batch[]): Promise<void> {
    this.total = batches.reduce((sum, batch) => sum + batch.entries.length, 0)
    const waiting = [...batches]
    const worker = async () => {
      for (let batch = waiting.shift(); batch; batch = waiting.shift()) await this.sendEntries(batch.entries)
    }

    await Promise.all(Array.from({length: batchesInFlight}, worker))
  }

  private async sendEntries(entries: Entry[]): Promise<void> {
    if (entries.length === 0) return
    for (let attempt = 0; ; attempt++) {
      await importPacer().take()
      this.requests++
      try {
        const {body} = await this.client.request<ImporterAnswer>({
          method: 'POST',
          path: '/import/bulk_import',
          body: requestBody(entries.map((entry) => entry.contact), this.options),
        })
        this.queued.push({batchId: String(body?.batchId ?? ''), entries})
        this.settle(entries, {status: 'queued'})
        return
      } catch (error) {
        if (!(error instanceof AcError)) throw error
        // Credentials or the account URL are wrong: every other batch would fail the same way.
        if (error.exitCode === ExitCode.auth || error.exitCode === ExitCode.notFound) throw error
        const body = error.body as ImporterAnswer | undefined
        if (error.status === 400 && isRateLimit(body)) {
          if (attempt >= quotaRetries) return this.settle(entries, {status: 'failed', reason: `the importer's quota stayed exceeded: ${error.line}`})
          const wait = Math.min(60_000, 1000 * 2 ** attempt)
          importPacer().holdUntil(Date.now() + wait)
          await sleep(wait)
          continue
        }

        if (error.status === 400 && body && Number(body.success) === 0) return this.rejected(entries, body, error)
        const unsure = error.status === undefined || error.status >= 500 ? ' (it may have been queued all the same)' : ''
        return this.settle(entries, {status: 'failed', reason: `${error.line}${unsure}`})
      }
    }
  }

  private async rejected(entries: Entry[], body: ImporterAnswer, error: AcError): Promise<void> {
    const reasons = reasonsByPosition(body, entries.length)
    if (reasons.size > 0) {
      for (const [position, reason] of reasons) this.settle([entries[position]], {status: 'failed', reason})
      return this.sendEntries(entries.filter((_, position) => !reasons.has(position)))
    }

    if (entries.length === 1) return this.settle(entries, {status: 'failed', reason: String(body.message ?? error.line)})
    const half = Math.ceil(entries.length / 2)
    await this.sendEntries(entries.slice(0, half))
    await this.sendEntries(entries.slice(half))
  }

  /** Polls /import/info until each queued batch is done; its contacts become imported or failed. */
  async wait(onProgress?: (done: number, total: number) => void): Promise<void> {
    let done = 0
    for (const batch of this.queued) {
      const status = await this.poll(batch.batchId)
      if (status.state === 'failed') {
        this.settle(batch.entries, {status: 'failed', reason: 'the importer reported the batch as failed'})
      } else {
        const failed = new Set(status.failure.map((email) => email.toLowerCase()))
        for (const entry of batch.entries) {
          const bad = failed.has(entry.contact.email.toLowerCase())
          this.results.set(entry.index, bad ? {status: 'failed', reason: 'the importer could not import this contact'} : {status: 'imported'})
        }
      }

      onProgress?.(++done, this.queued.length)
    }
  }

  private async poll(batchId: string): Promise<{state: 'completed' | 'failed'; failure: string[]}> {
    for (;;) {
      const {body} = await this.client.request<{status?: unknown; failure?: unknown[]}>({method: 'GET', path: '/import/info', query: {batchId}})
      // `false` just after queueing, then waiting and active: not done yet.
      if (body?.status === 'completed' || body?.status === 'failed') {
        return {state: body.status, failure: (body.failure ?? []).map(String)}
      }

      await sleep(pollMs)
    }
  }
}
