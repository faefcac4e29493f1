// Several requests in flight: at 300 ms latency one at a time reaches 3.3 req/s, while the
// process pacer (client/pacer.ts) holds any number of workers to the account's 5 req/s.

/** Runs `work` over `items` with at most `workers` at once, in order of start; resolves when all are done. */
export async function eachConcurrently<T>(items: readonly T[], workers: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      await work(items[index], index)
    }
  }

  await Promise.all(Array.from({length: Math.max(1, Math.min(workers, items.length))}, worker))
}
