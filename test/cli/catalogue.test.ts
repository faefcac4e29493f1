import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {withSharedFlags} from '../../src/lib/manifest.js'

import type {Operation} from '../../src/lib/spec/types.js'
import {startSandbox} from '../../src/lib/sandbox/server.js'
import {useHarness} from '../helpers.js'

const h = useHarness()
const operations = JSON.parse(readFileSync(new URL('../../src/lib/spec/operations.json', import.meta.url), 'utf8')) as Operation[]
const manifest = withSharedFlags(JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8'))) as {
  commands: Record<string, {flags: Record<string, unknown>; args?: Record<string, unknown>}>
}

/** The smallest command line that must send this operation: ids of 1, required values, the documented body. */
function minimalCommand(operation: Operation): string[] {
  const args = [...operation.command.split(':'), ...operation.pathParams.map(() => '1')]
  for (const parameter of operation.query) {
    if (parameter.required && parameter.flag !== 'filter' && parameter.flag !== 'sort') args.push(`--${parameter.flag}`, '1')
  }

  if (operation.body) {
    const example = operation.body.example ?? (operation.body.root ? {[operation.body.root]: {}} : {})
    args.push('--data', JSON.stringify(example))
    const inner = (operation.body.root ? (example as Record<string, unknown>)[operation.body.root] : example) as Record<string, unknown> | undefined
    for (const field of operation.body.fields) {
      if (field.required && (!inner || !(field.name in inner))) {
        args.push(`--${field.flag}`, field.type === 'json' ? '{}' : field.type === 'boolean' ? 'true' : '1')
      }
    }
  }

  // A bulk delete takes its ids as arguments (they go in the query): without one it deletes nothing, and says so.
  if (operation.pathParams.length === 0 && manifest.commands[operation.command]?.args?.id) args.push('1')
  if (manifest.commands[operation.command]?.flags.yes) args.push('--yes')
  return args
}

describe('the operation catalogue', () => {
  it('covers the 256 operations of the reference text, the 31 newer OpenAPI ones and 2 undocumented reads', () => {
    const bySource = (source: Operation['source']) => operations.filter((operation) => operation.source === source).length
    expect(bySource('both') + bySource('text')).toBe(256)
    expect(bySource('openapi')).toBe(31)
    expect(bySource('undocumented')).toBe(2)
    const routes = operations.map((operation) => `${operation.method} ${operation.path.replaceAll(/\{[^}]+\}/g, '{}')}`)
    expect(new Set(routes).size).toBe(operations.length)
    expect(routes).toEqual(expect.arrayContaining(['GET /contacts/{}/contactTags', 'GET /settings/account', 'POST /contact/sync']))
  })

  it('has a command in the manifest for every operation', () => {
    const missing = operations.filter((operation) => !manifest.commands[operation.command])
    expect(missing.map((operation) => operation.command)).toEqual([])
  })

  it('`ac api operations --json` lists every operation with its command', async () => {
    const run = await h.ac(['api', 'operations', '--json'])
    expect(run.code).toBe(0)
    const listed = JSON.parse(run.stdout) as Array<{method: string; path: string; command: string; summary: string}>
    expect(listed).toHaveLength(operations.length)
    expect(listed).toContainEqual(expect.objectContaining({method: 'GET', path: '/contacts/{id}/bounceLogs', command: 'ac contacts bounce-logs'}))
    const filtered = JSON.parse((await h.ac(['api', 'operations', '--search', 'bouncelogs', '--json'])).stdout)
    expect(filtered.map((operation: {path: string}) => operation.path)).toEqual(['/contacts/{id}/bounceLogs'])
  })

  it('every command sends exactly its method and path, and nothing else', async () => {
    // One sandbox per worker, its log cleared before each command: a request is known to
    // come from the command that just ran.
    const sandboxes = await Promise.all([1, 2, 3].map(() => startSandbox({rateLimit: false})))
    const failures: string[] = []
    const queue = [...operations]
    try {
      await Promise.all(
        [h.sandbox, ...sandboxes].map(async (sandbox) => {
          const env = {AC_API_URL: sandbox.url, AC_API_TOKEN: sandbox.token}
          for (let operation = queue.shift(); operation; operation = queue.shift()) {
            const args = minimalCommand(operation)
            sandbox.clearRequests()
            const run = await h.ac([...args, '--json'], {env})
            const expected = `${operation.method} ${operation.path.replaceAll(/\{[^}]+\}/g, '1')}`
            const sent = sandbox.requests.map((request) => `${request.method} ${request.path}`)
            if (run.code === 2 || sent.length !== 1 || sent[0] !== expected) {
              failures.push(`${operation.command}: exit ${run.code}, sent [${sent.join(', ')}], ${run.stderr.trim().split('\n')[0]} (ac ${args.join(' ')})`)
            }
          }
        }),
      )
    } finally {
      await Promise.all(sandboxes.map((sandbox) => sandbox.close()))
    }

    expect(failures).toEqual([])
  }, 300_000)
})
