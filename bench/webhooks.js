// The sandbox firing webhooks while a job runs at the 5 req/s ceiling: `seed apply` of 40
// contacts, each tagged and subscribed (80 events), with three webhooks listening for both
// events at receivers that take 50 ms to answer (240 deliveries). Time against what the limit
// allows for the requests sent (requests ÷ 5), with and without the webhooks; and how long the
// last delivery came after the last request. Target: the API keeps its pace (ratio within 5 % of
// the run without webhooks), every delivery made.
// Usage: node bench/webhooks.js [--json]   (needs a build)
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {acEnv, bin, startSandbox, timed} from './lib.js'

const contacts = 40

function fixture(tag) {
  const lines = ['tags:', `  t: {tag: Hooked ${tag}}`, 'lists:', `  l: {name: Hooked ${tag}}`, 'contacts:']
  for (let i = 0; i < contacts; i++) lines.push(`  c${i}: {email: hooked-${tag}-${i}@example.com, tags: [t], lists: [l]}`)
  return lines.join('\n') + '\n'
}

async function receiver() {
  let count = 0
  let last = 0
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => setTimeout(() => {
      count++
      last = Date.now()
      response.end('ok')
    }, 50))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {url: `http://127.0.0.1:${server.address().port}/`, count: () => count, last: () => last, close: () => new Promise((resolve) => server.close(resolve))}
}

export async function webhooksBench() {
  const dir = mkdtempSync(join(tmpdir(), 'ac-bench-webhooks-'))
  const sandbox = await startSandbox({rateLimit: 5})
  const receivers = await Promise.all([receiver(), receiver(), receiver()])
  const rows = []
  try {
    for (const hooked of [false, true]) {
      const file = join(dir, `${hooked}.yml`)
      writeFileSync(file, fixture(hooked ? 'on' : 'off'))
      if (hooked) {
        for (const [index, {url}] of receivers.entries()) {
          sandbox.configure({rateLimit: false})
          await fetch(sandbox.url + '/webhooks', {method: 'POST', headers: {'Api-Token': sandbox.token}, body: JSON.stringify({webhook: {name: `bench ${index}`, url, events: ['contact_tag_added', 'subscribe'], sources: ['api']}})})
          sandbox.configure({rateLimit: 5})
        }
      }

      await new Promise((resolve) => setTimeout(resolve, 1100))
      sandbox.clearRequests()
      const result = await timed(process.execPath, [bin, 'seed', 'apply', file, '--quiet'], acEnv(sandbox, {AC_CONFIG_DIR: dir}))
      if (result.code !== 0) throw new Error(`seed apply failed: ${result.stderr}`)
      const ended = Date.now()
      await sandbox.webhooks.settle()
      const requests = sandbox.requests.length
      const floor = requests / 5
      const delivered = receivers.reduce((sum, one) => sum + one.count(), 0)
      const lag = hooked ? Math.max(0, Math.max(...receivers.map((one) => one.last())) - ended) : 0
      rows.push({
        figure: `seed apply, ${contacts} contacts tagged and subscribed, ${hooked ? '3 webhooks (50 ms receivers)' : 'no webhooks'}`,
        requests, limited: sandbox.requests.filter((request) => request.status === 429).length,
        seconds: Number((result.ms / 1000).toFixed(2)), floor, ratio: Number((result.ms / 1000 / floor).toFixed(2)),
        deliveries: delivered, expected: hooked ? contacts * 2 * 3 : 0, lagMs: lag,
      })
    }
  } finally {
    await sandbox.close()
    await Promise.all(receivers.map((one) => one.close()))
    rmSync(dir, {recursive: true, force: true})
  }

  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await webhooksBench()
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows))
  else for (const row of rows) console.log(`${row.figure.padEnd(70)} ${row.requests} requests (${row.limited} got 429) in ${row.seconds} s; floor ${row.floor} s; ${row.ratio} x; ${row.deliveries}/${row.expected} deliveries, last ${row.lagMs} ms after the job`)
}
