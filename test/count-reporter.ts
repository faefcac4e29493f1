import type {Reporter, SerializedError, TestModule} from 'vitest/node'

// CI reads one closing line, `N passed, N failed`, whatever the runner prints before it.
// A failure anywhere counts: a failed test, a file that failed to load or whose setup threw
// (vitest then marks its tests skipped), an error outside any test.
export default class CountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of testModules) {
      let failedHere = 0
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failedHere++
        else skipped++
      }

      // A file whose hooks threw, or that did not load, is failed even with no failed test in it.
      if (failedHere === 0 && (module.state() === 'failed' || module.errors().length > 0)) failedHere = 1
      failed += failedHere
    }

    failed += unhandledErrors.length
    if (skipped > 0) process.stdout.write(`\n${skipped} skipped\n`)
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`)
  }
}
