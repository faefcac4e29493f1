import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

import {decodeForm} from './payload.js'

// `ac webhooks listen`: a local receiver that prints each webhook decoded, answers 200 (or
// what --forward-to answered, relaying the body to it untouched), and stops on Ctrl-C.

type Values = Record<string, unknown>

export interface ListenOptions {
  port: number
  host: string
  /** Only this path receives; others are 404. `/` takes every path. */
  path: string
  forwardTo?: string
  /** One JSON object a line (pipes), else a readable block (terminals). */
  lines: boolean
  write: (text: string) => void
  warn: (text: string) => void
  timeoutMs?: number
}

export interface Listener {
  url: string
  received: () => number
  close: () => Promise<void>
}

const maxBodyBytes = 1024 * 1024

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBodyBytes) chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

/** The body as the receiver's language would read it: form fields nested (`contact[email]` → contact.email), or JSON. */
export function decodeBody(body: string, contentType = ''): Values {
  if (contentType.includes('json')) {
    try {
      const parsed = JSON.parse(body) as unknown
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Values) : {body: parsed}
    } catch {
      return {body}
    }
  }

  return decodeForm(body)
}

/** A readable block: nested fields indented under their parent. */
export function renderBlock(value: Values, indent = '  '): string {
  const width = Math.max(0, ...Object.keys(value).map((key) => key.length))
  return Object.entries(value)
    .map(([key, item]) => (item && typeof item === 'object' ? `${indent}${key}\n${renderBlock(item as Values, indent + '  ')}` : `${indent}${key.padEnd(width)}  ${String(item)}\n`))
    .join('')
}

async function forward(url: string, body: string, contentType: string | undefined, timeoutMs: number): Promise<{status: number; text: string; type?: string}> {
  const response = await fetch(url, {method: 'POST', headers: contentType ? {'content-type': contentType} : {}, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs)})
  return {status: response.status, text: await response.text(), type: response.headers.get('content-type') ?? undefined}
}

export async function listen(options: ListenOptions): Promise<Listener> {
  let received = 0
  const wanted = options.path.replace(/\/+$/, '') || '/'
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://listener.local').pathname
    if (wanted !== '/' && path.replace(/\/+$/, '') !== wanted) {
      response.writeHead(404).end('Not found\n')
      return
    }

    if (request.method !== 'POST') {
      response.writeHead(405, {Allow: 'POST'}).end('Webhooks arrive as POST\n')
      return
    }

    const body = await readBody(request)
    const contentType = request.headers['content-type']
    const fields = decodeBody(body, contentType)
    received++
    let status = 200
    let answer = 'OK\n'
    let answerType: string | undefined = 'text/plain'
    if (options.forwardTo) {
      try {
        const relayed = await forward(options.forwardTo, body, contentType, options.timeoutMs ?? 10_000)
        ;({status, text: answer, type: answerType} = relayed)
      } catch (error) {
        const cause = (error as {cause?: {code?: string}}).cause?.code ?? (error as Error).message
        options.warn(`Could not forward to ${options.forwardTo}: ${cause}; answered 502\n`)
        status = 502
        answer = 'Bad gateway\n'
      }
    }

    if (options.lines) options.write(JSON.stringify(fields) + '\n')
    else {
      const time = new Date().toISOString().replace('T', ' ').slice(0, 19)
      options.write(`${time}  ${String(fields.type ?? '(no type)')}  POST ${path}  → ${status}${options.forwardTo ? ` from ${options.forwardTo}` : ''}\n${renderBlock(fields)}\n`)
    }

    response.writeHead(status, answerType ? {'content-type': answerType} : {}).end(answer)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      options.warn(`Could not handle a request: ${error.message}\n`)
      if (!response.headersSent) response.writeHead(500).end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const {port} = server.address() as AddressInfo
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${port}${wanted === '/' ? '/' : wanted}`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
