// A sandbox per test file and a small fetch wrapper that answers status, headers and JSON.

import {afterAll, beforeAll} from 'vitest'

import {type Sandbox, type SandboxOptions, startSandbox} from '../../src/lib/sandbox/server.js'

export interface Answer {
  status: number
  headers: Headers
  text: string
  json: any
}

export async function call(sandbox: Sandbox, method: string, path: string, body?: unknown, token: string | null = sandbox.token): Promise<Answer> {
  const headers: Record<string, string> = {'Content-Type': 'application/json'}
  if (token !== null) headers['Api-Token'] = token
  const response = await fetch(`${sandbox.url}${path}`, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)})
  const text = await response.text()
  let json: unknown
  try {
    json = text === '' ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return {status: response.status, headers: response.headers, text, json}
}

/** The control API of the sandbox, over HTTP (what a test in another process uses). */
export async function control(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<Answer> {
  const origin = sandbox.url.replace(/\/api\/3$/, '')
  const response = await fetch(`${origin}/__sandbox${path}`, {method, body: body === undefined ? undefined : JSON.stringify(body)})
  const text = await response.text()
  return {status: response.status, headers: response.headers, text, json: text === '' ? undefined : JSON.parse(text)}
}

/** Starts a sandbox before the file's tests and closes it after; `current()` returns it. */
export function useSandbox(options: SandboxOptions = {rateLimit: false}): () => Sandbox {
  let sandbox: Sandbox | undefined
  beforeAll(async () => {
    sandbox = await startSandbox({port: 0, ...options})
  })
  afterAll(async () => {
    await sandbox?.close()
  })
  return () => {
    if (!sandbox) throw new Error('sandbox not started')
    return sandbox
  }
}
