// Request bodies, read with limits: at most MAX_BODY_BYTES kept (a bigger body is 413), JSON
// nested at most MAX_JSON_DEPTH deep (deeper is refused before parsing, so no record can
// hold a value that JSON.stringify later overflows the stack on).

import type {IncomingMessage} from 'node:http'

export const MAX_BODY_BYTES = 10 * 1024 * 1024
export const MAX_JSON_DEPTH = 64

export interface Body {
  text: string
  /** The raw size in bytes (the declared Content-Length when the body was refused unread). */
  bytes: number
  value: unknown
  /** Not JSON, or nested too deep. */
  malformed: boolean
  /** Over the byte limit: only part of it was read, `text` and `value` are empty. */
  tooLarge: boolean
}

export const NO_BODY: Body = {text: '', bytes: 0, value: null, malformed: false, tooLarge: false}

/** The deepest nesting of arrays and objects in JSON text, stopping once past `limit`. */
export function jsonDepth(text: string, limit: number = MAX_JSON_DEPTH): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (inString) {
      if (code === 0x5c) index++ // backslash: skip the escaped character
      else if (code === 0x22) inString = false
      continue
    }
    if (code === 0x22) inString = true
    else if (code === 0x5b || code === 0x7b) {
      depth++
      if (depth > deepest) {
        deepest = depth
        if (deepest > limit) return deepest
      }
    } else if (code === 0x5d || code === 0x7d) depth--
  }
  return deepest
}

export function parseBody(text: string, bytes: number): Body {
  if (text.trim() === '') return {text, bytes, value: null, malformed: false, tooLarge: false}
  if (jsonDepth(text) > MAX_JSON_DEPTH) return {text, bytes, value: text, malformed: true, tooLarge: false}
  try {
    return {text, bytes, value: JSON.parse(text), malformed: false, tooLarge: false}
  } catch {
    return {text, bytes, value: text, malformed: true, tooLarge: false}
  }
}

/**
 * Reads the body, keeping at most `limit` bytes. A declared Content-Length over the limit is
 * refused without reading; a body that grows past it stops being kept (the rest is discarded
 * as it arrives, so memory stays bounded).
 */
export function readBody(request: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<Body> {
  const declared = Number(request.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.resolve({text: '', bytes: declared, value: null, malformed: false, tooLarge: true})
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let bytes = 0
    let tooLarge = false
    const onData = (chunk: Buffer) => {
      bytes += chunk.length
      if (tooLarge) return
      if (bytes > limit) {
        tooLarge = true
        chunks.length = 0
        // Answer now; what is still coming is discarded by the server once the answer is sent.
        request.off('data', onData)
        request.off('end', onEnd)
        request.off('error', onError)
        resolve({text: '', bytes, value: null, malformed: false, tooLarge: true})
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      const text = Buffer.concat(chunks).toString('utf8')
      resolve(parseBody(text, bytes))
    }
    const onError = (error: Error) => reject(error)
    request.on('data', onData)
    request.on('end', onEnd)
    request.on('error', onError)
  })
}
