import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {decodeForm} from '../../src/lib/webhooks/payload.js'
import {killGroup, useHarness} from '../helpers.js'

// The sandbox fires webhooks as an account does; `ac webhooks trigger` sends one by hand and
// `ac webhooks listen` receives them. A real HTTP receiver on 127.0.0.1 sees what arrives.

const h = useHarness()
const bin = new URL('../../bin/run.js', import.meta.url).pathname

interface Hit {
  path: string
  contentType: string
  raw: string
  fields: Record<string, string>
}

interface Receiver {
  url: string
  hits: Hit[]
  close(): Promise<void>
}

const receivers: Receiver[] = []
afterAll(async () => Promise.all(receivers.map((receiver) => receiver.close())))

async function receiver(answer: (hit: Hit, response: ServerResponse) => void = (_hit, response) => response.end('ok')): Promise<Receiver> {
  const hits: Hit[] = []
  const server = createServer((request: IncomingMessage, response) => {
    let raw = ''
    request.on('data', (chunk) => (raw += String(chunk)))
    request.on('end', () => {
      const hit = {path: request.url ?? '/', contentType: String(request.headers['content-type']), raw, fields: Object.fromEntries(new URLSearchParams(raw))}
      hits.push(hit)
      answer(hit, response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const made = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    hits,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
  receivers.push(made)
  return made
}

async function register(url: string, events: string[], sources = ['api']): Promise<string> {
  const run = await h.ac(['webhooks', 'create', '--name', `test ${events[0]}`, '--url', url, '--events', events.join(','), '--sources', sources.join(','), '--json'])
  expect(run.stderr).toBe('')
  return JSON.parse(run.stdout).id as string
}

async function ok(args: string[]): Promise<Record<string, string>> {
  const run = await h.ac([...args, '--json'])
  expect(run.stderr, args.join(' ')).toBe('')
  expect(run.code).toBe(0)
  return run.stdout.trim() ? JSON.parse(run.stdout) : {}
}

const settle = async (count: number, hits: Hit[]) => expect.poll(() => hits.length, {timeout: 5000}).toBe(count)

describe('the sandbox fires webhooks', () => {
  it('each event once, form-encoded, with the documented fields', async () => {
    const rx = await receiver()
    const all = ['list_add', 'subscribe', 'unsubscribe', 'update', 'contact_tag_added', 'contact_tag_removed', 'subscriber_note', 'deal_pipeline_add', 'deal_stage_add', 'deal_add', 'deal_update', 'deal_note_add', 'deal_tasktype_add', 'deal_task_add', 'deal_task_complete']
    await register(rx.url, all)
    const list = await ok(['lists', 'create', '--name', 'News', '--sender-url', 'https://example.com', '--sender-reminder', 'You asked'])
    const ann = await ok(['contacts', 'create', '--email', 'ann@example.com', '--first-name', 'Ann'])
    await ok(['contacts', 'subscribe', ann.id, '--list', 'News'])
    await ok(['contacts', 'unsubscribe', ann.id, '--list', 'News'])
    await ok(['contacts', 'update', ann.id, '--last-name', 'Anders'])
    await ok(['tags', 'create', '--tag', 'VIP', '--tag-type', 'contact'])
    await ok(['contacts', 'tag', ann.id, '--tag', 'VIP'])
    // Tagged again: nothing changes, so nothing fires.
    await ok(['contacts', 'tag', ann.id, '--tag', 'VIP'])
    await ok(['contacts', 'untag', ann.id, '--tag', 'VIP'])
    await ok(['notes', 'create', '--rel-type', 'Subscriber', '--rel-id', ann.id, '--note', 'Called her'])
    await ok(['deals', 'pipelines', 'create', '--title', 'Sales', '--currency', 'usd'])
    await ok(['deals', 'stages', 'create', '--title', 'New', '--pipeline', 'Sales'])
    await ok(['deals', 'stages', 'create', '--title', 'Won', '--pipeline', 'Sales'])
    const deal = await ok(['deals', 'create', '--title', 'Big one', '--value', '123456', '--currency', 'usd', '--pipeline', 'Sales', '--stage', 'New', '--contact', 'ann@example.com'])
    await ok(['deals', 'update', deal.id, '--stage', 'Won', '--pipeline', 'Sales'])
    await ok(['deals', 'notes', 'create', deal.id, '--note', 'Signed'])
    const type = await ok(['deals', 'task-types', 'create', '--title', 'Call'])
    const task = await ok(['deals', 'tasks', 'create', '--rel-id', deal.id, '--due-date', '2026-12-24T10:00:00+00:00', '--task-type', type.id, '--title', 'Ring Ann'])
    await ok(['deals', 'tasks', 'update', task.id, '--status', '1'])

    const stages = 2
    await settle(all.length + stages - 1, rx.hits)
    const types = rx.hits.map((hit) => hit.fields.type)
    expect(types).toEqual(['list_add', 'subscribe', 'unsubscribe', 'update', 'contact_tag_added', 'contact_tag_removed', 'subscriber_note', 'deal_pipeline_add', 'deal_stage_add', 'deal_stage_add', 'deal_add', 'deal_update', 'deal_note_add', 'deal_tasktype_add', 'deal_task_add', 'deal_task_complete'])
    for (const hit of rx.hits) {
      expect(hit.contentType).toBe('application/x-www-form-urlencoded')
      expect(hit.fields.date_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
      expect(hit.fields).toMatchObject({initiated_by: 'api', initiated_from: 'api'})
    }

    const of = (name: string) => rx.hits.find((hit) => hit.fields.type === name)!.fields
    expect(of('list_add')).toMatchObject({list: list.id, list_name: 'News'})
    expect(of('subscribe')).toMatchObject({list: list.id, 'contact[id]': ann.id, 'contact[email]': 'ann@example.com', 'contact[first_name]': 'Ann'})
    expect(of('update')).toMatchObject({'contact[last_name]': 'Anders'})
    expect(of('contact_tag_added')).toMatchObject({tag: 'VIP', 'contact[tags]': 'VIP', 'contact[email]': 'ann@example.com'})
    expect(of('contact_tag_removed')).toMatchObject({tag: 'VIP', 'contact[tags]': ''})
    expect(of('subscriber_note')).toMatchObject({note: 'Called her', 'contact[id]': ann.id})
    expect(of('deal_add')).toMatchObject({
      'deal[id]': deal.id, 'deal[title]': 'Big one', 'deal[value]': '1234.56', 'deal[currency]': 'usd', 'deal[currency_symbol]': '$',
      'deal[stage_title]': 'New', 'deal[pipeline_title]': 'Sales', 'deal[contact_email]': 'ann@example.com', 'contact[email]': 'ann@example.com',
    })
    expect(of('deal_update')).toMatchObject({'deal[stage_title]': 'Won', 'updated_fields[0]': 'stage'})
    expect(of('deal_note_add')).toMatchObject({'deal[note]': 'Signed', 'deal[id]': deal.id})
    expect(of('deal_task_add')).toMatchObject({'task[id]': task.id, 'task[title]': 'Ring Ann', 'task[type_title]': 'Call', 'deal[id]': deal.id})
    expect(of('deal_task_complete')).toMatchObject({'task[id]': task.id})
    expect(of('deal_task_complete')['task[donedate]']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  })

  it('only for the webhook’s events and sources, and only for what acted', async () => {
    const deals = await receiver()
    const admin = await receiver()
    await register(deals.url, ['deal_pipeline_add', 'deal_add'])
    await register(admin.url, ['deal_pipeline_add', 'list_add'], ['admin'])
    await ok(['deals', 'pipelines', 'create', '--title', 'Partners', '--currency', 'usd'])
    await ok(['tags', 'create', '--tag', 'Not an event here'])
    // A request the API refused changed nothing, so fires nothing.
    const refused = await h.ac(['api', 'POST', '/deals', '-f', 'deal[title]=No stage'])
    expect(refused.code).toBe(5)
    await settle(1, deals.hits)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(deals.hits.map((hit) => hit.fields.type)).toEqual(['deal_pipeline_add'])
    expect(admin.hits).toEqual([])
  })

  it('a receiver answering 410 sets its webhook inactive; a 500 is not retried', async () => {
    const gone = await receiver((_hit, response) => response.writeHead(410).end())
    const failing = await receiver((_hit, response) => response.writeHead(500).end('boom'))
    const goneId = await register(gone.url, ['list_add', 'deal_tasktype_add'])
    await register(failing.url, ['deal_tasktype_add'])
    await ok(['deals', 'task-types', 'create', '--title', 'Email'])
    await settle(1, gone.hits)
    await settle(1, failing.hits)
    await expect.poll(async () => (await ok(['webhooks', 'get', goneId])).state, {timeout: 5000}).toBe('0')
    await ok(['deals', 'task-types', 'create', '--title', 'Visit'])
    await settle(2, failing.hits)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(gone.hits).toHaveLength(1)
    expect(failing.hits).toHaveLength(2)
    const delivered = h.sandbox.webhooks.deliveries.filter((delivery) => delivery.url === failing.url)
    expect(delivered.map((delivery) => delivery.status)).toEqual([500, 500])
  })

  it('a receiver that never answers does not slow the API', async () => {
    const hung = await receiver(() => {})
    await register(hung.url, ['deal_tasktype_add'])
    expect((await h.ac(['deals', 'task-types', 'create', '--title', 'Lunch'])).code).toBe(0)
    await settle(1, hung.hits)
    // The delivery is still waiting for its answer, and the API goes on answering meanwhile.
    expect((await h.ac(['deals', 'task-types', 'create', '--title', 'Dinner'])).code).toBe(0)
    expect((await h.ac(['deals', 'task-types', 'list'])).code).toBe(0)
    expect(h.sandbox.webhooks.deliveries.filter((delivery) => delivery.url === hung.url)).toEqual([])
  })
})

describe('ac webhooks trigger', () => {
  it('sends one realistic payload to the URL and prints what it sent and the answer', async () => {
    const rx = await receiver()
    const run = await h.ac(['webhooks', 'trigger', 'deal_update', '--url', rx.url, '--data', 'deal[title]=Overridden'], {noCredentials: true})
    expect(run.code).toBe(0)
    const printed = JSON.parse(run.stdout)
    expect(printed).toMatchObject({event: 'deal_update', url: rx.url, status: 200})
    expect(rx.hits).toHaveLength(1)
    expect(rx.hits[0].fields).toMatchObject({type: 'deal_update', 'deal[title]': 'Overridden', 'deal[stage_title]': 'Qualified', 'contact[email]': 'ann@example.com'})
    expect(printed.fields).toEqual(rx.hits[0].fields)
  })

  it('fills the fields from a record named through the profile', async () => {
    const rx = await receiver()
    await ok(['contacts', 'create', '--email', 'bea@example.com', '--first-name', 'Bea'])
    const run = await h.ac(['webhooks', 'trigger', 'contact_tag_added', '--url', rx.url, '--contact', 'bea@example.com', '--data', 'tag=Gold'])
    expect(run.code).toBe(0)
    expect(rx.hits[0].fields).toMatchObject({type: 'contact_tag_added', 'contact[email]': 'bea@example.com', 'contact[first_name]': 'Bea', tag: 'Gold'})
  })

  it('an unknown event is exit 2 naming the known ones, and nothing is sent', async () => {
    const rx = await receiver()
    const run = await h.ac(['webhooks', 'trigger', 'deal_moved', '--url', rx.url])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('deal_update')
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(rx.hits).toEqual([])
  })

  it('a receiver answering an error is exit 1, after printing what was sent', async () => {
    const rx = await receiver((_hit, response) => response.writeHead(500).end('boom'))
    const run = await h.ac(['webhooks', 'trigger', 'subscribe', '--url', rx.url])
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout).status).toBe(500)
    expect(run.stderr).toMatch(/^Error: The receiver at .* answered 500: boom/)
  })
})

describe('ac webhooks listen', () => {
  function startListening(args: string[]): Promise<{port: number; lines: () => string[]; stop: () => Promise<{code: number | null; stderr: string}>}> {
    const child = spawn(process.execPath, [bin, 'webhooks', 'listen', '--port', '0', ...args], {env: h.env, detached: true})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += String(chunk)))
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        killGroup(child.pid)
        reject(new Error(`listen did not start: ${stderr}`))
      }, 15_000)
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk)
        const port = /Listening for webhooks on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1]
        if (!port) return
        clearTimeout(timer)
        resolve({
          port: Number(port),
          lines: () => stdout.split('\n').filter(Boolean),
          stop: () => new Promise((done) => {
            child.once('exit', (code) => done({code, stderr}))
            child.kill('SIGINT')
          }),
        })
      })
    })
  }

  it('prints each webhook as one JSON line with nested keys, answers 200, and stops cleanly on Ctrl-C', async () => {
    const listener = await startListening(['--path', '/hooks'])
    const url = `http://127.0.0.1:${listener.port}/hooks`
    await register(url, ['deal_pipeline_add'])
    await ok(['deals', 'pipelines', 'create', '--title', 'Listened', '--currency', 'usd'])
    const sent = await h.ac(['webhooks', 'trigger', 'contact_tag_added', '--url', url, '--data', 'tag=VIP'])
    expect(JSON.parse(sent.stdout).status).toBe(200)
    await expect.poll(() => listener.lines().length, {timeout: 5000}).toBe(2)
    const [fired, triggered] = listener.lines().map((line) => JSON.parse(line))
    expect(fired.type).toBe('deal_pipeline_add')
    expect(triggered).toMatchObject({type: 'contact_tag_added', tag: 'VIP', contact: {email: 'ann@example.com', first_name: 'Ann'}})
    const elsewhere = await fetch(`http://127.0.0.1:${listener.port}/other`, {method: 'POST', body: 'type=x'})
    expect(elsewhere.status).toBe(404)
    const stopped = await listener.stop()
    expect(stopped.code).toBe(0)
    expect(stopped.stderr).toContain('Stopped after 2 webhooks')
  })

  it('--forward-to relays the body untouched and answers what the receiver answered', async () => {
    const rx = await receiver((_hit, response) => response.writeHead(202, {'content-type': 'text/plain'}).end('queued'))
    const listener = await startListening(['--forward-to', rx.url])
    const sent = await h.ac(['webhooks', 'trigger', 'deal_add', '--url', `http://127.0.0.1:${listener.port}/`])
    expect(JSON.parse(sent.stdout).status).toBe(202)
    expect(rx.hits).toHaveLength(1)
    expect(rx.hits[0].fields.type).toBe('deal_add')
    expect(rx.hits[0].contentType).toBe('application/x-www-form-urlencoded')
    expect(decodeForm(rx.hits[0].raw)).toEqual(JSON.parse(listener.lines()[0]))
    await listener.stop()
  })
})

describe('ac sandbox start with webhooks', () => {
  async function start(args: string[], dir: string): Promise<{url: string; stop: () => Promise<string>}> {
    const child = spawn(process.execPath, [bin, 'sandbox', 'start', '--port', '0', '--rate-limit', '0', '--log', '--token', 'seed-token', ...args], {env: {...h.env, AC_CONFIG_DIR: dir, HOME: dir}, detached: true})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += String(chunk)))
    child.stderr.on('data', (chunk) => (stderr += String(chunk)))
    await expect.poll(() => stderr, {timeout: 15_000}).toContain('Ctrl-C stops it')
    return {
      url: /AC_API_URL=(\S+)/.exec(stdout)![1],
      stop: () => new Promise((resolve) => {
        child.once('exit', () => resolve(stderr))
        child.kill('SIGINT')
      }),
    }
  }

  it('--seed fires nothing unless --seed-webhooks asks, and then as the account (source admin); --log shows each delivery', async () => {
    const rx = await receiver()
    const dir = mkdtempSync(join(tmpdir(), 'ac-webhook-seed-'))
    const data = join(dir, 'data.json')
    const fixture = join(dir, 'fixture.yml')
    writeFileSync(fixture, 'tags:\n  vip: {tag: VIP}\ncontacts:\n  ann: {email: seeded@example.com, tags: [vip]}\n')
    // A sandbox kept in --data with a webhook registered for tags its own users add.
    const first = await start(['--data', data], dir)
    const env = {AC_API_URL: first.url, AC_API_TOKEN: 'seed-token', AC_CONFIG_DIR: dir}
    const created = await h.ac(['webhooks', 'create', '--name', 'seeded', '--url', rx.url, '--events', 'contact_tag_added', '--sources', 'admin'], {env})
    expect(created.code, created.stderr).toBe(0)
    await first.stop()

    const quiet = await start(['--data', data, '--seed', fixture], dir)
    const quietLog = await quiet.stop()
    expect(rx.hits).toEqual([])
    expect(quietLog).not.toMatch(/ webhook /)
    rmSync(data)
    const again = await start(['--data', data], dir)
    expect((await h.ac(['webhooks', 'create', '--name', 'seeded', '--url', rx.url, '--events', 'contact_tag_added', '--sources', 'admin'], {env: {...env, AC_API_URL: again.url}})).code).toBe(0)
    await again.stop()

    const loud = await start(['--data', data, '--seed', fixture, '--seed-webhooks'], dir)
    await settle(1, rx.hits)
    const loudLog = await loud.stop()
    expect(rx.hits[0].fields).toMatchObject({type: 'contact_tag_added', initiated_by: 'admin', tag: 'VIP', 'contact[email]': 'seeded@example.com'})
    expect(loudLog).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} webhook \\d+ contact_tag_added → ${rx.url} 200 \\(\\d+ ms\\)$`, 'm'))
  })
})
