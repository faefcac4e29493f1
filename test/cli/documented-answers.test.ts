import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'

import {afterAll, describe, expect, it} from 'vitest'

import operations from '../../src/lib/spec/operations.json' with {type: 'json'}
import {needsConfirmation} from '../../src/lib/command/operation-help.js'
import type {Operation} from '../../src/lib/spec/types.js'
import {runAc, useHarness} from '../helpers.js'

// What ActiveCampaign's own documentation shows, handled: its request examples are sent
// (the required-field check never refuses them), lists that do not page are shown whole,
// `{}` for a list is an empty list, and custom-object field ids are slugs, not names.

const h = useHarness()

interface Example {
  command: string
  method: string
  path: string
  pathParams: Array<{name: string}>
  body?: {example?: unknown}
}

const examples = (operations as unknown as Example[]).filter((operation) => operation.body?.example !== undefined)

describe('the API reference request examples', () => {
  it('holds the examples of the reference (copied into the catalogue by `npm run gen`)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(90)
  })

  it.each(examples.map((operation) => [operation.command, operation] as const))('%s sends its documented example', async (_command, operation) => {
    h.sandbox.clearRequests()
    const args = [...operation.command.split(':'), ...operation.pathParams.map(() => '1'), '--data', JSON.stringify(operation.body!.example), ...(needsConfirmation(operation as unknown as Operation) ? ['--yes'] : [])]
    const run = await h.ac(args)
    expect(run.code, run.stderr).not.toBe(2)
    const pattern = new RegExp(`^${operation.path.replaceAll(/\{[^}]+\}/g, '[^/]+')}$`)
    expect(h.sandbox.requests.some((request) => request.method === operation.method && pattern.test(request.path)), `${run.stderr}`).toBe(true)
  })
})

describe('answers the reference shows', () => {
  it('a list endpoint that does not page is printed whole, not cut at 20', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['webhooks', 'events', 'list', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout).length).toBeGreaterThan(20)
    expect(h.requestLines()).toEqual(['GET /webhook/events'])
  })

  const server = createServer((_request, response) => {
    response.writeHead(200, {'Content-Type': 'application/json'})
    response.end('{}')
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('a list answered with {} is an empty list', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const run = await runAc(['tags', 'list', '--json'], {...h.env, AC_API_URL: url, AC_API_TOKEN: 'x'})
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual([])
  })

  it('contacts create without --email is exit 2 naming --email, nothing sent', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['contacts', 'create', '--first-name', 'X'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('Error: Missing --email. Give it as a flag or inside --data\n')
    expect(h.sandbox.requests).toHaveLength(0)
    const phoneOnly = await h.ac(['contacts', 'create', '--phone', '555', '--allow-null-email', '--dry-run'])
    expect(phoneOnly.code, phoneOnly.stderr).toBe(0)
  })

  it('a custom-object field id is a slug, sent as given without a lookup', async () => {
    h.sandbox.clearRequests()
    const run = await h.ac(['custom-objects', 'schemas', 'delete-field', 'SCHEMA_ID', 'my-field', '--yes'])
    expect(run.stderr).not.toMatch(/custom field named/)
    expect(h.requestLines()).toEqual(['DELETE /customObjects/schemas/SCHEMA_ID/fields/my-field'])
  })
})
