// The operation catalogue and the documented response examples, read once from beside the
// compiled module (the build copies src/lib/**/*.json into dist). Either may be missing
// while they are being generated: no catalogue means only the built-in routes.

import {readFileSync} from 'node:fs'

import type {Operation} from '../spec/types.js'

function readJson(url: URL): unknown {
  try {
    return JSON.parse(readFileSync(url, 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new Error(`sandbox: cannot read ${url.pathname}: ${(error as Error).message}`)
  }
}

let operations: Operation[] | undefined
let examples: Record<string, unknown> | undefined

export function loadOperations(): Operation[] {
  if (!operations) {
    const loaded = readJson(new URL('../spec/operations.json', import.meta.url))
    operations = Array.isArray(loaded) ? (loaded as Operation[]) : []
  }
  return operations
}

/** `"METHOD /path"` → documented success example; string examples are parsed when they are JSON. */
export function loadExamples(): Record<string, unknown> {
  if (!examples) {
    const loaded = readJson(new URL('../sandbox/response-examples.json', import.meta.url))
    examples = {}
    if (loaded && typeof loaded === 'object' && !Array.isArray(loaded)) {
      for (const [key, value] of Object.entries(loaded)) examples[key] = parseExample(value)
    }
  }
  return examples
}

function parseExample(value: unknown): unknown {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    return undefined
  }
}
