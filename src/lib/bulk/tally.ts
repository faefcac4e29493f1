import {AcError, ExitCode, type ExitCodeValue} from '../errors.js'

// What became of each id of a bulk delete: 2xx deleted, 404 already gone (the point of a
// re-run), anything else a failure with the API's words, and the exit code they add up to.

/** The JSON contract of a bulk delete (`--json`). */
export interface DeleteSummary {
  deleted: string[]
  alreadyGone: string[]
  failed: Array<{id: string; error: string}>
}

export class Tally implements DeleteSummary {
  deleted: string[] = []
  alreadyGone: string[] = []
  failed: Array<{id: string; error: string}> = []
  readonly exitCodes = new Set<ExitCodeValue>()
  /** The error itself, for a single delete that fails: it reads as it always has. */
  firstError?: unknown
  /** The API refused the credentials: every later request would be refused too. */
  refused?: AcError

  get done(): number {
    return this.deleted.length + this.alreadyGone.length + this.failed.length
  }

  fail(id: string, error: unknown): void {
    const acError = error instanceof AcError ? error : undefined
    this.firstError ??= error
    this.failed.push({id, error: acError?.message ?? String(error)})
    this.exitCodes.add(acError?.exitCode ?? ExitCode.failure)
    if (acError?.exitCode === ExitCode.auth) this.refused ??= acError
  }

  /** One attempt: 2xx deleted, 404 already gone, anything else a failure; no exception escapes. */
  async attempt(ids: string[], send: () => Promise<{planned?: boolean; body?: unknown}>): Promise<void> {
    if (this.refused) {
      for (const id of ids) this.fail(id, new AcError(`Not attempted: ${this.refused.message}`, {code: 'unauthorized', exitCode: ExitCode.auth}))
      return
    }

    try {
      const response = await send()
      if (response.planned) return
      const gone = goneInBulkAnswer(response.body, ids)
      if (gone === undefined) {
        for (const id of ids) this.fail(id, bulkFailure(response.body))
        return
      }

      for (const id of ids) (gone?.has(id) ? this.alreadyGone : this.deleted).push(id)
    } catch (error) {
      if (error instanceof AcError && error.status === 404) this.alreadyGone.push(...ids)
      else for (const id of ids) this.fail(id, error)
    }
  }

  get exitCode(): ExitCodeValue {
    return this.exitCodes.size === 1 ? [...this.exitCodes][0] : ExitCode.failure
  }

  toJSON(): DeleteSummary {
    return {deleted: this.deleted, alreadyGone: this.alreadyGone, failed: this.failed}
  }
}

function bulkMeta(body: unknown): {success?: unknown; message?: unknown} | undefined {
  const meta = body && typeof body === 'object' ? (body as Record<string, unknown>).meta : undefined
  return meta && typeof meta === 'object' ? (meta as {success?: unknown; message?: unknown}) : undefined
}

/**
 * The bulk endpoint reports missing ids inside a 200 (`{"meta":{"success":false,"message":
 * "No Result found for CustomerAccount with id 3, 4"}}`): those are already gone, the rest
 * deleted. undefined when the answer says the batch failed for some other reason.
 */
function goneInBulkAnswer(body: unknown, ids: string[]): Set<string> | undefined {
  const meta = bulkMeta(body)
  if (!meta || (meta.success !== false && meta.success !== 0)) return new Set()
  const message = String(meta.message ?? '')
  const mentioned = new Set(message.match(/\d+/g) ?? [])
  if (!/no result found/i.test(message) || !ids.some((id) => mentioned.has(id))) return undefined
  return new Set(ids.filter((id) => mentioned.has(id)))
}

function bulkFailure(body: unknown): AcError {
  const message = String(bulkMeta(body)?.message ?? 'the API reported a failure')
  return new AcError(`The bulk delete failed: ${message}`, {code: 'rejected', exitCode: ExitCode.rejected})
}

