import got from 'got'

import {inFlightRequest} from '../interrupt.js'
import type {Turn} from './pacer.js'

// One exchange on the wire: the request out through got, the answer back as its status,
// headers and parsed body, and nothing else of got's.
//
// Why a function of its own, and why it keeps nothing: the caller's frame was made before the
// request waited for its turn (up to seconds behind a list's other pages), so V8 has often
// moved it to the old generation by the time the answer lands. Whatever an old object points
// at survives every young collection until the next full one, dead or not: got's request and
// response objects, the body's text and bytes, and so each page of a long list would be kept
// and promoted. This frame is made after the turn, and what it hands back is only what the
// client reads.

export const notJson = Symbol('not JSON')

export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** The body parsed; undefined when empty; `notJson` when it is not JSON (then `text` holds it). */
  parsed: unknown
  text?: string
}

export interface Exchange {
  method: string
  url: string
  headers: Record<string, string>
  body?: unknown
  timeoutMs: number
  turn: Turn
}

function parseBody(raw: string): unknown {
  if (!raw.trim()) return undefined
  try {
    return JSON.parse(raw)
  } catch {
    return notJson
  }
}

/** Sends the request once; a network failure throws got's error, any answer resolves. */
export async function exchange(request: Exchange): Promise<Answer> {
  const sending = got(request.url, {
    method: request.method as 'GET',
    headers: request.headers,
    json: request.body === undefined ? undefined : request.body,
    throwHttpErrors: false,
    // A redirect would carry the Api-Token to wherever it points: never follow one.
    followRedirect: false,
    retry: {limit: 0},
    timeout: {request: request.timeoutMs},
    responseType: 'text',
  })
  sending.on('request', () => request.turn.sent())
  // After Ctrl-C no request leaves; one on the wire is waited for a moment.
  const response = await inFlightRequest(() => sending)
  const text = response.body
  // got's response object may itself be old by now (a slow answer): it lets go of the body.
  ;(response as {body?: unknown}).body = undefined
  ;(response as {rawBody?: unknown}).rawBody = undefined
  const parsed = parseBody(text)
  return {status: response.statusCode, headers: response.headers, parsed, text: parsed === notJson ? text : undefined}
}
