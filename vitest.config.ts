import {defineConfig} from 'vitest/config'

// Tests that measure pacing (requests a second, 429s) run last and one file at a time: with
// the other files' CLIs competing for two cores, a stalled process makes two paced
// requests look like a burst, and the test would measure the machine, not ac.
export default defineConfig({
  test: {
    // The CLI runs as a child process against a sandbox on 127.0.0.1: no console to intercept.
    disableConsoleIntercept: true,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', './test/count-reporter.ts'],
    projects: [
      {extends: true, test: {name: 'suite', include: ['test/**/*.test.ts'], exclude: ['test/**/*.paced.test.ts'], sequence: {groupOrder: 0}}},
      {extends: true, test: {name: 'paced', include: ['test/**/*.paced.test.ts'], fileParallelism: false, sequence: {groupOrder: 1}}},
    ],
  },
})
