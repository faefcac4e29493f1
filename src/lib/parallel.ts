// Jobs of many independent requests (a seed level, a clean-up) keep several in flight: the
// process pacer still holds them to the account's 5 req/s, and at any latency the budget is
// used whole instead of one round trip at a time.

/** Runs `work` on every item with at most `limit` at once; results in the items' order. After a failure no new item starts, and the first failure is thrown once the running ones end. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = Array.from({length: items.length})
  let next = 0
  let failure: {error: unknown} | undefined
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++
      try {
        results[index] = await work(items[index], index)
      } catch (error) {
        failure ??= {error}
      }
    }
  }

  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  if (failure) throw failure.error
  return results
}
