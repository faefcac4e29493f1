// What names in terminal tables cost (issue 14, item 2): requests of a terminal `deals list`
// (20 deals, each with its contact, pipeline, stage and owner) and `contacts get` (a contact
// with tags, lists, a deal and a custom field value) with the name cache cold and warm,
// against the same command piped (no names); and the time of a warm `deals list` with names
// against the same list piped. Both run under util-linux `script` (a pseudo-terminal), so the
// pseudo-terminal costs both the same. Budget: warm, at most one request more than piped (the
// contacts, by ids=); cold, at most one more per referenced collection.
// Usage: node bench/names.js [runs=11] [--json]   (needs a build)
import {spawn} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {acEnv, bin, median, seed, startSandbox} from './lib.js'

const quote = (word) => `'${word.replaceAll("'", "'\\''")}'`

/** `ac ARGS` on a pseudo-terminal (stdout to /dev/null when piped: no terminal, the same pty around it); resolves with its wall time. */
function onTerminal(args, env, {piped = false} = {}) {
  const command = [process.execPath, bin, ...args].map(quote).join(' ') + (piped ? ' > /dev/null' : '')
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn('script', ['-qec', `stty cols 160; ${command}`, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'pipe']})
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stdin.end()
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`ac ${args.join(' ')} failed: ${output}`))
      else resolve({ms: Number(process.hrtime.bigint() - started) / 1e6, output})
    })
  })
}

async function seedAccount(sandbox) {
  await seed(sandbox, {
    contacts: Array.from({length: 20}, (_, i) => ({id: 1001 + i, email: `bench-${i}@example.com`, firstName: `Bench ${i}`})),
    tags: [{id: 501, tag: 'VIP', tagType: 'contact'}, {id: 502, tag: 'Gold', tagType: 'contact'}],
    lists: [{id: 601, name: 'Newsletter'}],
    dealGroups: [{id: 701, title: 'Sales', currency: 'usd'}, {id: 702, title: 'Partners', currency: 'usd'}],
    fields: [{id: 801, title: 'Birthday', type: 'date'}],
  })
  await seed(sandbox, {
    dealStages: [{id: 711, title: 'Qualified', group: '701'}, {id: 712, title: 'Won', group: '702'}],
    contactTags: [{contact: '1001', tag: '501'}, {contact: '1001', tag: '502'}],
    contactLists: [{contact: '1001', list: '601', status: '1'}],
    fieldValues: [{contact: '1001', field: '801', value: '1990-01-01'}],
  })
  await seed(sandbox, {
    deals: Array.from({length: 20}, (_, i) => ({title: `Bench deal ${i}`, value: String(10_000 * (i + 1)), currency: 'usd', contact: String(1001 + i), stage: i % 2 ? '712' : '711', owner: '1'})),
  })
}

async function requestsOf(sandbox, run) {
  sandbox.clearRequests()
  await run()
  return sandbox.requests.length
}

export async function namesBench(runs = 11) {
  const sandbox = await startSandbox({rateLimit: false})
  const rows = []
  try {
    await seedAccount(sandbox)
    const env = (cache) => acEnv(sandbox, {AC_RATE_LIMIT: '0', NO_COLOR: '1', TERM: 'xterm', AC_CONFIG_DIR: cache, AC_CACHE_DIR: join(cache, 'cache')})
    for (const [figure, args] of [['deals list', ['deals', 'list']], ['contacts get', ['contacts', 'get', '1001']]]) {
      const cache = mkdtempSync(join(tmpdir(), 'ac-bench-names-'))
      const piped = await requestsOf(sandbox, () => onTerminal(args, env(cache), {piped: true}))
      const cold = await requestsOf(sandbox, () => onTerminal(args, env(cache)))
      const warm = await requestsOf(sandbox, () => onTerminal(args, env(cache)))
      rows.push({figure: `${figure}: requests piped / cold / warm`, piped, cold, warm})
    }

    // Time: warm names against piped, interleaved so that load drifts hit both alike.
    const cache = mkdtempSync(join(tmpdir(), 'ac-bench-names-'))
    await onTerminal(['deals', 'list'], env(cache))
    const named = []
    const plain = []
    for (let run = 0; run < runs; run++) {
      named.push((await onTerminal(['deals', 'list'], env(cache))).ms)
      plain.push((await onTerminal(['deals', 'list'], env(cache), {piped: true})).ms)
    }

    rows.push({figure: 'deals list: time with names (warm) ÷ piped', namedMs: Math.round(median(named)), pipedMs: Math.round(median(plain)), ratio: Number((median(named) / median(plain)).toFixed(2))})
  } finally {
    await sandbox.close()
  }

  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await namesBench(Number(process.argv[2]) || 11)
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows))
  else for (const row of rows) console.log(row.ratio === undefined ? `${row.figure.padEnd(44)} ${row.piped} / ${row.cold} / ${row.warm}` : `${row.figure.padEnd(44)} ${row.namedMs} ms / ${row.pipedMs} ms = ${row.ratio}`)
}
