// Peak memory (RSS) of `contacts list --all -o ndjson`: records stream from the socket to
// stdout, so many times the records should cost (almost) nothing more.
// - Paced at 5 requests a second, as against a real account: 2,000 and 20,000 contacts
//   (20,000 take some 40 s). Targets: under 100 MB at 20,000, ratio <= 1.1.
// - Unpaced (the sandbox does not limit, AC_RATE_LIMIT=0): 2,000 and 100,000 contacts, some
//   100 pages a second. Targets: ratio <= 1.1, under 120 MB.
// Usage: node bench/memory.js [--json]   (needs a build and /usr/bin/time)
import {acEnv, bin, seed, startSandbox, timed} from './lib.js'

export const memoryCases = [
  {paced: true, records: 2000},
  {paced: true, records: 20_000},
  {paced: false, records: 2000},
  {paced: false, records: 100_000},
]

export async function memory(cases = memoryCases) {
  const rows = []
  for (const {paced, records} of cases) {
    const sandbox = await startSandbox({rateLimit: false})
    try {
      // The seed endpoint takes 5,000 at a time comfortably.
      for (let start = 0; start < records; start += 5000) {
        await seed(sandbox, {contacts: Array.from({length: Math.min(5000, records - start)}, (_, index) => ({email: `m-${start + index}@example.com`}))})
      }

      const env = acEnv(sandbox, paced ? {} : {AC_RATE_LIMIT: '0'})
      const result = await timed(process.execPath, [bin, 'contacts', 'list', '--all', '-o', 'ndjson'], env, {measureRss: true})
      if (result.code !== 0) throw new Error(`contacts list failed: ${result.stderr}`)
      const figure = `peak RSS, --all -o ndjson, ${records} contacts, ${paced ? 'paced' : 'unpaced'}`
      rows.push({figure, paced, records, rssMb: Number((result.rssKb / 1024).toFixed(1)), seconds: Number((result.ms / 1000).toFixed(1))})
    } finally {
      await sandbox.close()
    }
  }

  return rows
}

/** Largest ÷ smallest of the paced (or unpaced) rows, with the largest row. */
export function memoryRatio(rows, paced) {
  const runs = rows.filter((row) => row.paced === paced).sort((a, b) => a.records - b.records)
  return runs.length < 2 ? undefined : {small: runs[0], large: runs.at(-1), ratio: runs.at(-1).rssMb / runs[0].rssMb}
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await memory()
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows))
  else {
    for (const row of rows) console.log(`${row.figure.padEnd(56)} ${row.rssMb} MB (${row.seconds} s)`)
    for (const paced of [true, false]) {
      const found = memoryRatio(rows, paced)
      if (found) console.log(`${paced ? 'paced' : 'unpaced'}: ratio ${found.large.records} ÷ ${found.small.records} = ${found.ratio.toFixed(2)}`)
    }
  }
}
