import type {Reporter, TestModule} from 'vitest/node'

// CI reads one closing line, `N passed, N failed`, whatever the runner prints before it.
export default class CountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
    }

    // Files that failed to load count as failures even though they hold no test results.
    failed += testModules.filter((module) => module.state() === 'failed' && [...module.children.allTests()].length === 0).length
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`)
  }
}
