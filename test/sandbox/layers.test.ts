// The sandbox's modules import one way: store and descriptions at the bottom, then record
// and list operations, hooks, the import queue, the state, the handlers, the routes, the
// server. A cycle among them is how the layers start to melt, so it fails here, with the
// path of modules that closes it. Imports are read with TypeScript's own pre-processor, so
// `import type`, `export ... from` and `import()` all count, and comments do not.

import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import ts from 'typescript'
import {describe, expect, it} from 'vitest'

const SANDBOX = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/lib/sandbox')

type Graph = Map<string, string[]>

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, {withFileTypes: true}).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Each sandbox module (by its path below the sandbox) → the sandbox modules it imports. */
function importGraph(): Graph {
  const graph: Graph = new Map()
  for (const file of sourceFiles(SANDBOX)) {
    const imported = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles
      .map((reference) => reference.fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
    for (const target of imported) {
      if (!existsSync(target)) throw new Error(`${relative(SANDBOX, file)} imports ${target}, which this test cannot find`)
    }
    const inside = imported.filter((target) => !relative(SANDBOX, target).startsWith('..'))
    graph.set(relative(SANDBOX, file), [...new Set(inside.map((target) => relative(SANDBOX, target)))])
  }
  return graph
}

/** Every cycle a depth-first walk meets, each as the modules along it, back to the first. */
function findCycles(graph: Graph): string[][] {
  const cycles: string[][] = []
  const done = new Set<string>()
  const path: string[] = []
  const visit = (module: string): void => {
    const open = path.indexOf(module)
    if (open >= 0) {
      cycles.push([...path.slice(open), module])
      return
    }
    if (done.has(module)) return
    path.push(module)
    for (const target of graph.get(module) ?? []) visit(target)
    path.pop()
    done.add(module)
  }
  for (const module of [...graph.keys()].sort()) visit(module)
  return cycles
}

/** The modules `module` reaches through its imports, itself excluded. */
function reachable(graph: Graph, module: string): Set<string> {
  const seen = new Set<string>()
  const pending = [...(graph.get(module) ?? [])]
  while (pending.length > 0) {
    const next = pending.pop()!
    if (seen.has(next)) continue
    seen.add(next)
    pending.push(...(graph.get(next) ?? []))
  }
  return seen
}

describe('sandbox layers', () => {
  const graph = importGraph()

  it('reads type-only imports too: state.ts names the import queue only as a type', () => {
    expect(graph.get('state.ts')).toContain('import-batches.ts')
    expect(graph.get('routes.ts')).toContain('handlers/imports.ts')
  })

  it('reports a cycle when there is one', () => {
    const knot: Graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]])
    expect(findCycles(knot)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']])
  })

  it('has no import cycle among the sandbox modules', () => {
    expect(findCycles(graph).map((cycle) => cycle.join(' → '))).toEqual([])
  })

  it('keeps the store, the descriptions and the record, list and hook logic below the state, the router and the handlers', () => {
    const data = ['store.ts', 'collection.ts', 'records.ts', 'list.ts', 'hooks.ts', 'collections.ts', 'import-batches.ts']
    const upper = (module: string) => module === 'state.ts' || module === 'router.ts' || module === 'routes.ts'
      || module === 'server.ts' || module.startsWith('handlers/')
    const reachesUp = data.flatMap((module) => [...reachable(graph, module)].filter(upper).map((target) => `${module} → ${target}`))
    expect(reachesUp).toEqual([])
  })
})
