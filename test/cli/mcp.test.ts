import {spawn} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {Client} from '@modelcontextprotocol/sdk/client/index.js'
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js'
import {Ajv} from 'ajv'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {CHILD_TIMEOUT_MS, useHarness} from '../helpers.js'

// `ac mcp` spoken to by the SDK's own client over real stdio, against the test sandbox.

const h = useHarness()
const bin = new URL('../../bin/run.js', import.meta.url).pathname
const clientInfo = {name: 'ac-test-client', version: '1.2.3'}

interface Session {
  client: Client
  stderr: () => string
  /** Every answer's text so far, to check what an agent could read. */
  answers: string[]
  call: (name: string, args?: Record<string, unknown>) => Promise<{isError: boolean; text: string; value: any}>
}

const open: Session[] = []

async function connect(flags: string[] = [], env: Record<string, string> = {}): Promise<Session> {
  const transport = new StdioClientTransport({command: process.execPath, args: [bin, 'mcp', ...flags], env: {...h.env, ...env}, stderr: 'pipe'})
  let stderr = ''
  transport.stderr?.on('data', (chunk) => (stderr += String(chunk)))
  const client = new Client(clientInfo)
  await client.connect(transport)
  const answers: string[] = []
  const session: Session = {
    client,
    stderr: () => stderr,
    answers,
    async call(name, args = {}) {
      const result = (await client.callTool({name, arguments: args})) as {isError?: boolean; content: Array<{text: string}>}
      const text = result.content[0].text
      answers.push(text)
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch {
        value = undefined
      }

      return {isError: Boolean(result.isError), text, value}
    },
  }
  open.push(session)
  return session
}

const mutations = () => h.requestLines().filter((line) => !line.startsWith('GET '))
const auditLines = () => (existsSync(join(h.configDir, 'audit.log')) ? readFileSync(join(h.configDir, 'audit.log'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [])

beforeEach(() => {
  h.sandbox.reset()
  h.sandbox.clearRequests()
})

afterEach(async () => {
  for (const session of open.splice(0)) await session.client.close()
})

describe('the tool list', () => {
  it('is small, annotated, and every input schema (and every operation schema) compiles', async () => {
    const session = await connect()
    const {tools} = await session.client.listTools()
    const ajv = new Ajv({strict: false})
    expect(new Set(tools.map((tool) => tool.name)).size).toBe(tools.length)
    for (const tool of tools) {
      expect(() => ajv.compile(tool.inputSchema), tool.name).not.toThrow()
      expect(tool.description, tool.name).toBeTruthy()
      expect(tool.annotations, tool.name).toMatchObject({readOnlyHint: expect.any(Boolean), destructiveHint: expect.any(Boolean), idempotentHint: expect.any(Boolean)})
    }

    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['find_contacts', 'get_contact', 'sync_contact', 'tag_contact', 'untag_contact', 'subscribe_contact', 'unsubscribe_contact', 'list_deals', 'move_deal', 'list_tags', 'list_lists', 'list_custom_fields', 'list_pipelines', 'list_users', 'search_operations', 'describe_operation', 'call_operation']))
    expect(tools.find((tool) => tool.name === 'find_contacts')!.annotations!.readOnlyHint).toBe(true)
    expect(tools.find((tool) => tool.name === 'tag_contact')!.annotations).toMatchObject({readOnlyHint: false, idempotentHint: true})
    const size = JSON.stringify(tools).length
    process.stderr.write(`[mcp] ${tools.length} tools, ${size} characters of JSON, about ${Math.round(size / 4)} tokens\n`)
    expect(size / 4).toBeLessThan(4000)

    const {value: operations} = await session.call('search_operations', {query: 'a e i o u', limit: 50})
    expect(operations.records.length).toBeGreaterThan(0)
    const {operations: all} = await import('../../src/lib/spec/catalogue.js')
    for (const operation of all()) {
      const described = await session.call('describe_operation', {operation: operation.command})
      expect(described.isError, operation.command).toBe(false)
      expect(() => ajv.compile(described.value.arguments), operation.command).not.toThrow()
      expect(described.value.annotations.readOnlyHint).toBe(operation.method === 'GET')
      if (operation.method === 'DELETE') expect(described.value.annotations.destructiveHint).toBe(true)
      if (operation.method === 'PUT') expect(described.value.annotations.idempotentHint).toBe(true)
    }

    expect((await session.call('describe_operation', {operation: 'contacts:sync'})).value).toMatchObject({annotations: {idempotentHint: true}, access: 'write', needs: '--allow-writes'})
    expect((await session.call('describe_operation', {operation: 'deals:bulk-update'})).value).toMatchObject({access: 'delete'})
  })
})

describe('first-class tools', () => {
  it('sync, find, get, tag, untag, subscribe and unsubscribe a contact, by names', async () => {
    const session = await connect(['--allow-writes'])
    expect((await session.call('call_operation', {operation: 'tags:create', body: {tag: 'VIP', tagType: 'contact'}})).isError).toBe(false)
    const list = await session.call('call_operation', {operation: 'lists:create', body: {name: 'Newsletter', sender_url: 'https://example.com', sender_reminder: 'You signed up'}})
    expect(list.isError, list.text).toBe(false)
    const field = await session.call('call_operation', {operation: 'contacts:custom-fields:create', body: {title: 'Birthday', type: 'date'}})
    expect(field.isError, field.text).toBe(false)

    const synced = await session.call('sync_contact', {email: 'ann@example.com', firstName: 'Ann', fields: {Birthday: '1990-01-02'}})
    expect(synced.isError, synced.text).toBe(false)
    expect(synced.value).toMatchObject({email: 'ann@example.com', firstName: 'Ann'})
    await session.call('sync_contact', {email: 'bob@example.com', firstName: 'Bob'})

    expect((await session.call('tag_contact', {contact: 'ann@example.com', tags: ['vip']})).isError).toBe(false)
    expect((await session.call('subscribe_contact', {contact: 'ann@example.com', lists: ['Newsletter']})).isError).toBe(false)

    const byEmail = await session.call('find_contacts', {email: 'ann@example.com'})
    expect(byEmail.value.records).toEqual([expect.objectContaining({email: 'ann@example.com', firstName: 'Ann'})])
    expect((await session.call('find_contacts', {tag: 'VIP'})).value.records.map((record: any) => record.email)).toEqual(['ann@example.com'])
    expect((await session.call('find_contacts', {list: 'Newsletter'})).value.records.map((record: any) => record.email)).toEqual(['ann@example.com'])

    const ann = await session.call('get_contact', {contact: 'ann@example.com'})
    expect(ann.value).toMatchObject({email: 'ann@example.com', tags: [{tag: 'VIP'}], lists: [{name: 'Newsletter', status: 'subscribed'}], fields: {Birthday: '1990-01-02'}})

    expect((await session.call('unsubscribe_contact', {contact: 'ann@example.com', lists: ['Newsletter']})).isError).toBe(false)
    const untagged = await session.call('untag_contact', {contact: 'ann@example.com', tags: ['VIP']})
    expect(untagged.value).toMatchObject({removed: [expect.any(String)], notThere: []})
    expect((await session.call('get_contact', {contact: 'ann@example.com'})).value).toMatchObject({tags: [], lists: [{status: 'unsubscribed'}]})

    const tags = await session.call('list_tags', {})
    expect(tags.value.records).toEqual([expect.objectContaining({tag: 'VIP'})])
    expect((await session.call('list_lists', {})).value.records).toEqual([expect.objectContaining({name: 'Newsletter'})])
    expect((await session.call('list_custom_fields', {})).value.records).toEqual([expect.objectContaining({title: 'Birthday'})])
    expect((await session.call('list_users', {})).value.records.length).toBeGreaterThan(0)
  })

  it('lists deals and moves one to a stage by pipeline and stage names', async () => {
    const session = await connect(['--allow-writes'])
    for (const title of ['Sales', 'Hiring']) await session.call('call_operation', {operation: 'deals:pipelines:create', body: {title, currency: 'usd', allgroups: 1, allusers: 1}})
    for (const [group, title] of [['Sales', 'New'], ['Sales', 'Won'], ['Hiring', 'New']]) {
      const stage = await session.call('call_operation', {operation: 'deals:stages:create', body: {title, group}})
      expect(stage.isError, stage.text).toBe(false)
    }

    await session.call('sync_contact', {email: 'ann@example.com'})
    // Names for ids in call_operation too: the stage is looked up within the pipeline named beside it.
    const created = await session.call('call_operation', {operation: 'deals:create', body: {title: 'Acme', contact: 'ann@example.com', value: 100, currency: 'usd', group: 'Sales', stage: 'New', owner: 'admin'}})
    expect(created.isError, created.text).toBe(false)
    expect(created.value).toMatchObject({group: '1', stage: '1'})

    const pipelines = await session.call('list_pipelines', {})
    expect(pipelines.value.records[0]).toMatchObject({title: 'Sales', stages: [{title: 'New'}, {title: 'Won'}]})
    const moved = await session.call('move_deal', {deal: 'Acme', stage: 'won'})
    expect(moved.isError, moved.text).toBe(false)
    expect(moved.value).toMatchObject({title: 'Acme', stage: '2'})
    expect((await session.call('list_deals', {pipeline: 'Sales', stage: 'Won'})).value.records).toEqual([expect.objectContaining({title: 'Acme'})])
    expect((await session.call('list_deals', {pipeline: 'Sales', stage: 'New'})).value.records).toEqual([])
    const ambiguous = await session.call('move_deal', {deal: 'Acme', stage: 'Nowhere'})
    expect(ambiguous).toMatchObject({isError: true, text: expect.stringContaining('No stage named "Nowhere"')})
  })

  it('pages with a cursor and trims big answers with a note', async () => {
    const session = await connect(['--allow-writes'])
    for (let index = 1; index <= 5; index++) await session.call('call_operation', {operation: 'tags:create', body: {tag: `T${index}`, tagType: 'contact', description: 'x'.repeat(9000)}})
    const first = await session.call('list_tags', {limit: 2})
    expect(first.value).toMatchObject({total: 5, nextCursor: '2'})
    expect(first.value.records.map((tag: any) => tag.tag)).toEqual(['T1', 'T2'])
    const last = await session.call('list_tags', {limit: 2, cursor: '4'})
    expect(last.value.records.map((tag: any) => tag.tag)).toEqual(['T5'])
    expect(last.value.nextCursor).toBeUndefined()
    const big = await session.call('call_operation', {operation: 'tags:list', limit: 5})
    expect(big.value.records.length).toBeLessThan(5)
    expect(big.value.note).toMatch(/^Trimmed to \d of 5 records .*cursor "\d"/)
  })
})

describe('call_operation', () => {
  it('reaches a sample of operations across topics, paged lists as records', async () => {
    const session = await connect()
    const sample = ['tags:list', 'lists:list', 'users:list', 'users:me', 'deals:pipelines:list', 'deals:stages:list', 'accounts:list', 'automations:list', 'campaigns:list', 'messages:list', 'webhooks:list', 'contacts:custom-fields:list', 'forms:list', 'addresses:list', 'groups:list', 'segments:list', 'brandings:list', 'calendars:list', 'personalizations:list', 'saved-responses:list', 'scores:list', 'notes:list', 'deals:list', 'contacts:list']
    for (const operation of sample) {
      const answer = await session.call('call_operation', {operation})
      expect(answer.isError, `${operation}: ${answer.text}`).toBe(false)
      expect(answer.text.includes('"meta"'), operation).toBe(false)
    }

    // One GET each, across 24 topics; nothing else.
    expect(h.requestLines()).toHaveLength(sample.length)
    expect(mutations()).toEqual([])
  })

  it('answers the same one line as the command line for 404, 422 and unknown names', async () => {
    const session = await connect(['--allow-writes'])
    const notFound = await session.call('call_operation', {operation: 'contacts:get', path: {id: 999}})
    const cli = await h.ac(['contacts', 'get', '999'])
    expect(notFound).toMatchObject({isError: true})
    expect(`Error: ${notFound.text}\n`).toBe(cli.stderr)

    await session.call('call_operation', {operation: 'contacts:create', body: {email: 'ann@example.com'}})
    const duplicate = await session.call('call_operation', {operation: 'contacts:create', body: {email: 'ann@example.com'}})
    const cliDuplicate = await h.ac(['contacts', 'create', '--email', 'ann@example.com'])
    expect(duplicate.isError).toBe(true)
    expect(`Error: ${duplicate.text}\n`).toBe(cliDuplicate.stderr)
    expect(duplicate.text).toContain('/data/attributes/email')

    await session.call('call_operation', {operation: 'tags:create', body: {tag: 'Newsletter fans', tagType: 'contact'}})
    const unknown = await session.call('tag_contact', {contact: 'ann@example.com', tags: ['Newsletter']})
    expect(unknown).toMatchObject({isError: true, text: 'No tag named "Newsletter". Did you mean: Newsletter fans (1)?'})
  })

  it('bad arguments are tool errors, and the server goes on answering', async () => {
    const session = await connect()
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['no_such_tool', {}, /No tool named "no_such_tool"/],
      ['find_contacts', {email: 12}, /arguments\/email must be string/],
      ['find_contacts', {colour: 'red'}, /must NOT have additional properties/],
      ['get_contact', {}, /must have required property 'contact'/],
      ['call_operation', {operation: 'contacts:frobnicate'}, /No operation "contacts:frobnicate"/],
      ['call_operation', {operation: 'contacts:get'}, /must have required property 'path'/],
      ['call_operation', {operation: 'tags:list', query: {nonsense: 1}}, /Invalid arguments for tags:list/],
      ['list_tags', {cursor: 'abc'}, /cursor "abc" is not one this server gave/],
    ]
    for (const [name, args, message] of cases) {
      const answer = await session.call(name, args)
      expect(answer.isError, name).toBe(true)
      expect(answer.text).toMatch(message)
    }

    expect((await session.client.listTools()).tools.length).toBeGreaterThan(10)
    expect(h.sandbox.requests).toEqual([])
  })
})

describe('a create whose answer was lost (src/lib/once/, as for commands)', () => {
  it('is settled by its natural key: the connection dropped after the tag was made, one tag, no error', async () => {
    const session = await connect(['--allow-writes'], {AC_RETRY_BASE_MS: '10'})
    h.sandbox.addFaults({kind: 'reset-after', method: 'POST', path: '/tags'})
    const made = await session.call('call_operation', {operation: 'tags:create', body: {tag: 'Lost', tagType: 'contact'}})
    expect(made.isError, made.text).toBe(false)
    expect(made.value).toMatchObject({tag: 'Lost'})
    expect(h.requestLines().filter((line) => line === 'POST /tags')).toHaveLength(1)
    expect(h.sandbox.requests.filter((request) => request.fault).map((request) => request.fault)).toEqual(['reset-after'])
  })
})

describe('guard rails', () => {
  it('read-only by default: a create and a tag are refused with nothing sent, naming --allow-writes', async () => {
    const session = await connect()
    const create = await session.call('call_operation', {operation: 'tags:create', body: {tag: 'VIP'}})
    expect(create).toMatchObject({isError: true, text: expect.stringContaining('--allow-writes')})
    const tag = await session.call('tag_contact', {contact: 'ann@example.com', tags: ['VIP']})
    expect(tag).toMatchObject({isError: true, text: 'Refusing tag_contact: ac mcp is read-only. Start it with --allow-writes to allow this. Nothing was changed'})
    expect(h.sandbox.requests).toEqual([])
    expect((await session.call('list_tags')).isError).toBe(false)
  })

  it('--allow-writes allows a create; a delete also needs --allow-deletes', async () => {
    const writer = await connect(['--allow-writes'])
    expect((await writer.call('call_operation', {operation: 'tags:create', body: {tag: 'VIP', tagType: 'contact'}})).isError).toBe(false)
    expect(mutations()).toEqual(['POST /tags'])
    const refused = await writer.call('call_operation', {operation: 'tags:delete', path: {id: '1'}})
    expect(refused).toMatchObject({isError: true, text: expect.stringContaining('--allow-deletes')})
    const bulk = await writer.call('call_operation', {operation: 'accounts:bulk-delete', query: {'ids[]': [1]}})
    expect(bulk).toMatchObject({isError: true, text: expect.stringContaining('--allow-deletes')})
    expect(mutations()).toEqual(['POST /tags'])

    const deleter = await connect(['--allow-deletes'])
    const deleted = await deleter.call('call_operation', {operation: 'tags:delete', path: {id: 'VIP'}})
    expect(deleted.isError, deleted.text).toBe(false)
    expect(mutations()).toEqual(['POST /tags', 'DELETE /tags/1'])
  })

  it('--max-writes caps the session; --read-only beats --allow-writes', async () => {
    const session = await connect(['--allow-writes', '--max-writes', '1'])
    expect((await session.call('call_operation', {operation: 'tags:create', body: {tag: 'A'}})).isError).toBe(false)
    const second = await session.call('call_operation', {operation: 'tags:create', body: {tag: 'B'}})
    expect(second).toMatchObject({isError: true, text: expect.stringContaining('the limit of 1 change (--max-writes) is reached')})
    const readOnly = await connect(['--allow-writes', '--read-only'])
    expect((await readOnly.call('call_operation', {operation: 'tags:create', body: {tag: 'C'}})).text).toContain('read-only (--read-only)')
    expect(mutations()).toEqual(['POST /tags'])
  })

  it('audits every change with the MCP client name; the token is in no answer, log or audit line', async () => {
    const session = await connect(['--allow-writes', '--debug'])
    const before = auditLines().length
    await session.call('call_operation', {operation: 'tags:create', body: {tag: 'Audited'}})
    await session.call('sync_contact', {email: 'ann@example.com'})
    await session.call('tag_contact', {contact: 'ann@example.com', tags: ['Audited']})
    await session.call('list_tags')
    await session.call('call_operation', {operation: 'contacts:get', path: {id: 999}})
    const entries = auditLines().slice(before)
    expect(entries.every((entry) => entry.client === 'ac-test-client 1.2.3')).toBe(true)
    expect(entries.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(['POST /tags 201', 'POST /contact/sync 201', 'POST /contactTags 201'])
    expect(entries[0]).toMatchObject({profile: 'env', command: 'ac mcp --allow-writes --debug'})
    await session.client.close()
    const everything = [...session.answers, session.stderr(), readFileSync(join(h.configDir, 'audit.log'), 'utf8')].join('\n')
    expect(session.stderr()).toContain('GET ') // --debug traced the requests, to stderr
    expect(everything).not.toContain(h.sandbox.token)
  })
})

describe('the process', () => {
  it('exits cleanly when stdin closes, with nothing but protocol on stdout', async () => {
    const child = spawn(process.execPath, [bin, 'mcp'], {env: h.env, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    child.stdout.on('data', (chunk) => (stdout += String(chunk)))
    const initialize = {jsonrpc: '2.0', id: 1, method: 'initialize', params: {protocolVersion: '2025-06-18', capabilities: {}, clientInfo}}
    child.stdin.write(JSON.stringify(initialize) + '\n')
    await new Promise((resolve) => child.stdout.once('data', resolve))
    child.stdin.end()
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS)
      child.on('exit', (exitCode) => {
        clearTimeout(timer)
        resolve(exitCode)
      })
    })
    expect(code).toBe(0)
    for (const line of stdout.split('\n').filter(Boolean)) expect(JSON.parse(line)).toMatchObject({jsonrpc: '2.0'})
  })

  it('--help lists it, and no other command loads the SDK', async () => {
    const help = await h.ac(['--help'])
    expect(help.stdout).toMatch(/\n {2}mcp +Serve the account to an AI agent over MCP/)
    const {readdirSync, readFileSync: read} = await import('node:fs')
    const dist = new URL('../../dist/', import.meta.url).pathname
    const files = (readdirSync(dist, {recursive: true}) as string[]).filter((file) => file.endsWith('.js'))
    const importing = files.filter((file) => /from '@modelcontextprotocol\/sdk/.test(read(join(dist, file), 'utf8')))
    // Only lib/mcp imports it statically, and only the mcp command imports lib/mcp (dynamically).
    expect(importing.every((file) => file.startsWith('lib/mcp/'))).toBe(true)
    const reachingMcp = files.filter((file) => !file.startsWith('lib/mcp/') && /lib\/mcp\//.test(read(join(dist, file), 'utf8')))
    expect(reachingMcp).toEqual(['commands/mcp.js'])
    expect(read(join(dist, 'commands/mcp.js'), 'utf8')).not.toMatch(/^import .*lib\/mcp/m)
  })
})

describe('ac mcp --sandbox (done when)', () => {
  it('lists tools, finds a contact by email, tags it by name, moves a deal by names, and is refused a delete', async () => {
    const session = await connect(['--sandbox'], {AC_API_URL: '', AC_API_TOKEN: ''})
    expect((await session.client.listTools()).tools.length).toBeGreaterThan(10)
    const found = await session.call('find_contacts', {email: 'ann@example.com'})
    expect(found.value.records).toEqual([expect.objectContaining({email: 'ann@example.com', firstName: 'Ann'})])
    expect((await session.call('tag_contact', {contact: 'ann@example.com', tags: ['VIP']})).isError).toBe(false)
    expect((await session.call('get_contact', {contact: 'ann@example.com'})).value.tags).toEqual([expect.objectContaining({tag: 'VIP'})])
    const moved = await session.call('move_deal', {deal: 'Acme renewal', pipeline: 'Sales', stage: 'Qualified'})
    expect(moved.isError, moved.text).toBe(false)
    expect((await session.call('list_deals', {pipeline: 'Sales', stage: 'Qualified'})).value.records).toEqual([expect.objectContaining({title: 'Acme renewal'})])
    const refused = await session.call('call_operation', {operation: 'contacts:delete', path: {id: 'ann@example.com'}})
    expect(refused).toMatchObject({isError: true, text: expect.stringContaining('need --allow-deletes')})
    expect((await session.call('find_contacts', {email: 'ann@example.com'})).value.records).toHaveLength(1)
    // Its own sandbox: the test's was never asked.
    expect(h.sandbox.requests).toEqual([])
  })
})
