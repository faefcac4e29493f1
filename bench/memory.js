// Peak memory (RSS) of `contacts list --all -o ndjson` at 2,000 and 20,000 contacts: records
// stream from the socket to stdout, so ten times the records should cost (almost) nothing.
// Targets: ratio <= 1.1, and under 100 MB. Paced at 5 requests a second, as against a real
// account (20,000 contacts take some 40 s). Unpaced, the figure would measure how far V8's GC
// lags behind 200 pages a second rather than what paging holds.
// Usage: node bench/memory.js [--json]   (needs a build and /usr/bin/time)
import {acEnv, bin, seed, startSandbox, timed} from './lib.js'

export async function memory(sizes = [2000, 20_000]) {
  const rows = []
  for (const records of sizes) {
    const sandbox = await startSandbox({rateLimit: false})
    try {
      for (let start = 0; start < records; start += 5000) {
        await seed(sandbox, {contacts: Array.from({length: Math.min(5000, records - start)}, (_, index) => ({email: `m-${start + index}@example.com`}))})
      }

      const result = await timed(process.execPath, [bin, 'contacts', 'list', '--all', '-o', 'ndjson'], acEnv(sandbox), {measureRss: true})
      if (result.code !== 0) throw new Error(`contacts list failed: ${result.stderr}`)
      rows.push({figure: `peak RSS, --all -o ndjson, ${records} contacts`, records, rssMb: Number((result.rssKb / 1024).toFixed(1))})
    } finally {
      await sandbox.close()
    }
  }

  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await memory()
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows))
  else {
    for (const row of rows) console.log(`${row.figure.padEnd(44)} ${row.rssMb} MB`)
    console.log(`ratio ${(rows.at(-1).rssMb / rows[0].rssMb).toFixed(2)}`)
  }
}
