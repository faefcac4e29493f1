import type {ServerResponse} from 'node:http'

import type {Query} from './collection.js'
import type {ApiResponse} from './errors.js'
import {spoilBody} from './faults.js'

// How the sandbox reads a query string and writes an answer on the wire.

export function parseQuery(search: URLSearchParams): Query {
  const query: Query = {}
  for (const [key, value] of search) {
    const previous = query[key]
    query[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value]
  }
  return query
}

export function send(response: ServerResponse, answer: ApiResponse, extraHeaders: Record<string, string>, bodyUnread = false, spoil?: 'truncated' | 'malformed'): void {
  const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
  const body = spoil ? spoilBody(text || '{}', spoil) : text
  const headers: Record<string, string> = {...extraHeaders, ...answer.headers, 'Content-Length': String(Buffer.byteLength(body))}
  // Answered before the whole body arrived (403, 413): the connection closes after the answer.
  if (bodyUnread) headers.Connection = 'close'
  if (answer.body !== undefined && !answer.omitContentType) headers['Content-Type'] ??= 'application/json; charset=utf-8'
  response.writeHead(answer.status, headers)
  response.end(body)
}
