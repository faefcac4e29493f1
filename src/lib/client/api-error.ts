import {AcError, ExitCode, type ExitCodeValue} from '../errors.js'

// The v3 API has no single error shape (API-FACTS.md, "Errors"): this module is the only
// place that knows them all and turns each into one AcError.

interface Detail {
  message: string
  code?: string
  pointer?: string
}

/** The API's model names leak into its messages (`No Result found for Subscriber with id 1`): say them as users do. */
const modelWords: Record<string, string> = {
  Subscriber: 'contact', SubscriberTag: 'contact tag', SubscriberList: 'list subscription', _List: 'list', List: 'list', Tag: 'tag',
  Deal: 'deal', DealStage: 'stage', Pipeline: 'pipeline', DealGroup: 'pipeline', CustomerAccount: 'account', Field: 'custom field',
  FieldValue: 'custom field value', Series: 'automation', SubscriberSeries: 'automation entry', User: 'user', Note: 'note',
}

function userModelWords(line: string): string {
  return line.replace(/\b(No Result found for )(\w+)( with id)/g, (match, before: string, model: string, after: string) =>
    modelWords[model] ? `${before}${modelWords[model]}${after}` : match)
}

/** One line of the API's words: HTML tags dropped, runs of white space folded, model names in users' words. */
function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value)
  if (typeof value !== 'string') return undefined
  const line = userModelWords(value)
    .replaceAll(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replaceAll(/<[^>]+>/g, ' ')
    .replaceAll(/\s+/g, ' ')
    .trim()
  return line || undefined
}

function pointerOf(source: unknown): string | undefined {
  if (!source || typeof source !== 'object') return undefined
  const s = source as Record<string, unknown>
  // `{"pointer": "/data/attributes/email"}`, or custom objects' `{"type": "pointer", "value": ...}`
  return text(s.pointer) ?? (s.type === 'pointer' ? text(s.value) : undefined)
}

function fromErrorEntry(entry: unknown): Detail | undefined {
  if (typeof entry === 'string') return entry.trim() ? {message: entry.trim()} : undefined
  if (!entry || typeof entry !== 'object') return undefined
  const e = entry as Record<string, unknown>
  const title = text(e.title) ?? text(e.error) ?? text(e.message)
  const detail = text(e.detail)
  const message = [title, detail && detail !== title ? detail : undefined].filter(Boolean).join(': ')
  if (!message) return undefined
  return {message, code: text(e.code), pointer: pointerOf(e.source)}
}

/** Every detail the body carries, whatever its shape. */
function errorDetails(body: unknown): Detail[] {
  if (typeof body === 'string') {
    const line = text(body)
    return line ? [{message: line.slice(0, 300)}] : []
  }

  if (!body || typeof body !== 'object') return []
  const b = body as Record<string, unknown>
  const details: Detail[] = []
  if (Array.isArray(b.errors)) {
    for (const entry of b.errors) {
      const d = fromErrorEntry(entry)
      if (d) details.push(d)
    }
  } else if (b.errors !== undefined) {
    const d = fromErrorEntry(b.errors)
    if (d) details.push(d)
  }

  if (details.length === 0) {
    const message = text(b.message) ?? text(b.error) ?? text(b.title)
    if (message) details.push({message})
  }

  if (Array.isArray(b.failureReasons)) {
    for (const reason of b.failureReasons) {
      if (reason && typeof reason === 'object') {
        const r = reason as Record<string, unknown>
        const where = r.contact === undefined ? '' : `contact ${String(r.contact)}: `
        details.push({message: `${where}${text(r.reason) ?? JSON.stringify(r)}`})
      } else if (text(reason)) {
        details.push({message: String(reason)})
      }
    }
  }

  return details
}

/** What a refusal of the token says; anything else a 403 carries is about the request. */
const aboutAccess = /auth|token|api[ _-]?key|credential|permission|forbidden|access|log ?in/i

/**
 * A 403 is the API's word for a wrong or missing key, but also, on some endpoints, for a
 * validation failure (`{"message":"$value is not a string"}`, API-FACTS.md): that one is a
 * rejected request (exit 5), and pointing at the token would send the user the wrong way.
 */
function refusesToken(status: number, details: Detail[]): boolean {
  if (status === 401) return true
  return details.length === 0 || details.some((detail) => aboutAccess.test(detail.message))
}

function classify(status: number, details: Detail[]): {code: string; exitCode: ExitCodeValue} {
  if (status === 401 || (status === 403 && refusesToken(status, details))) return {code: 'unauthorized', exitCode: ExitCode.auth}
  if (status === 404) return {code: 'not_found', exitCode: ExitCode.notFound}
  if (status === 429) return {code: 'rate_limited', exitCode: ExitCode.failure}
  if (status >= 400 && status < 500) return {code: status === 422 ? 'invalid' : 'rejected', exitCode: ExitCode.rejected}
  return {code: 'server_error', exitCode: ExitCode.failure}
}

const hints: Record<string, string> = {
  unauthorized: 'Check the API token with `ac auth status` (a wrong or missing key gets 403)',
  rate_limited: 'The account allows 5 requests per second; try again in a moment',
  server_error: 'The API failed; try again later',
}

/** A non-2xx answer → one AcError with the API's own words, its code and the contract's exit code. */
export function apiError(status: number, body: unknown, request: {method: string; path: string; after?: string}): AcError {
  const details = errorDetails(body)
  const {code, exitCode} = classify(status, details)
  const first = details[0]
  const what = `${request.method} ${request.path} failed (${status})${request.after ?? ''}`
  const said = details.map((d) => (d.pointer ? `${d.message} (${d.pointer})` : d.message)).join('; ')
  const message = said ? `${what}: ${said}` : what
  return new AcError(message, {
    code: first?.code ?? code,
    exitCode,
    status,
    pointer: first?.pointer,
    hint: hints[code],
    body,
  })
}
