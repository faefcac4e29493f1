import {usageError} from '../errors.js'
import type {Fixture, FixtureRecord} from './fixture.js'
import {seedResource} from './resources.js'

// References and order. `${tags.vip.id}` makes a record depend on another; `${env.NAME}` and
// `${run.id}` are filled in here; records come out in levels, each level depending only on
// earlier ones, so a level's records can be sent side by side. A cycle, an unknown
// reference or a missing variable is a usage error naming the file, line and record.

export interface PlannedRecord extends FixtureRecord {
  /** `tags.vip`: the resource's API name and the local name. */
  key: string
  dependsOn: string[]
  level: number
}

export interface PlanContext {
  env: Record<string, string | undefined>
  runId?: string
}

const reference = /\$\{([^}]*)\}/g
const wholeReference = /^\$\{([^}]*)\}$/

export const keyOf = (record: FixtureRecord) => `${record.resource.name}.${record.name}`

function where(fixture: Fixture, record: FixtureRecord): string {
  return `${fixture.file}:${record.line}: ${record.resource.name}.${record.name}`
}

/** Calls `visit` on every string inside a value; what it returns replaces the string. */
export function mapStrings(value: unknown, visit: (text: string) => unknown): unknown {
  if (typeof value === 'string') return visit(value)
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, visit))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, visit)]))
  return value
}

/**
 * Fills `${...}` in a string: a string that is one reference becomes its value as it is (an id
 * stays what the API gave); references inside text are joined in as text.
 */
export function fill(text: string, value: (expression: string) => unknown): unknown {
  const whole = wholeReference.exec(text)
  if (whole) return value(whole[1].trim())
  return text.replaceAll(reference, (_, expression: string) => String(value(expression.trim())))
}

/** The record a `${resource.name.field}` expression points at, in API words: `{key: 'tags.vip', field: 'id'}`. */
export function recordReference(expression: string): {key: string; field: string} | undefined {
  const parts = expression.split('.')
  if (parts.length < 3) return undefined
  const resource = seedResource(parts[0])
  if (!resource) return undefined
  return {key: `${resource.name}.${parts.slice(1, -1).join('.')}`, field: parts.at(-1)!}
}

export function plan(fixture: Fixture, context: PlanContext): PlannedRecord[] {
  const byKey = new Map(fixture.records.map((record) => [keyOf(record), record]))
  const planned = fixture.records.map((record): PlannedRecord => {
    const dependsOn = new Set<string>()
    const at = where(fixture, record)
    // `group: sales` on a stage: a field that points at a resource takes a local name of it as it is.
    const body: Record<string, unknown> = {...record.body}
    for (const [field, target] of Object.entries(record.resource.references)) {
      const value = body[field]
      if (typeof value === 'string' && !value.includes('${') && byKey.has(`${target}.${value}`)) body[field] = `\${${target}.${value}.id}`
    }

    const filled = mapStrings(body, (text) =>
      fill(text, (expression) => {
        const [scope, ...rest] = expression.split('.')
        if (scope === 'env' && rest.length === 1) {
          const found = context.env[rest[0]]
          if (found === undefined) throw usageError(`${at}: \${env.${rest[0]}} is not set`, `Set ${rest[0]} in the environment`)
          return found
        }

        if (scope === 'run' && rest.join('.') === 'id') {
          if (context.runId === undefined) throw usageError(`${at}: \${run.id} needs a run id`, 'Give --run-id ID (or set AC_RUN_ID)')
          return context.runId
        }

        const target = recordReference(expression)
        if (!target) throw usageError(`${at}: \${${expression}} is not a reference`, 'Write ${RESOURCE.NAME.FIELD}, ${env.NAME} or ${run.id}')
        if (!byKey.has(target.key)) {
          const [resource, name] = [target.key.split('.')[0], target.key.split('.').slice(1).join('.')]
          const names = fixture.records.filter((other) => other.resource.name === resource && !other.name.includes('.')).map((other) => other.name)
          const hint = names.length ? `The ${resource} in this fixture: ${names.join(', ')}` : `This fixture has no ${resource}`
          throw usageError(`${at}: \${${expression}} refers to ${resource}.${name}, which is not in the fixture`, hint)
        }

        if (target.key === keyOf(record)) throw usageError(`${at}: \${${expression}} refers to the record itself`)
        dependsOn.add(target.key)
        // Kept for apply, which knows the value once the record it points at exists.
        return `\${${expression}}`
      }),
    ) as Record<string, unknown>
    return {...record, body: filled, key: keyOf(record), dependsOn: [...dependsOn], level: 0}
  })
  return inLevels(fixture, planned)
}

/** Kahn's algorithm by rounds: a record's level is one more than its deepest dependency's. */
function inLevels(fixture: Fixture, records: PlannedRecord[]): PlannedRecord[] {
  const byKey = new Map(records.map((record) => [record.key, record]))
  const placed = new Set<string>()
  const ordered: PlannedRecord[] = []
  for (let level = 0; placed.size < records.length; level++) {
    const ready = records.filter((record) => !placed.has(record.key) && record.dependsOn.every((key) => placed.has(key)))
    if (ready.length === 0) {
      const cycle = findCycle(records.filter((record) => !placed.has(record.key)), byKey)
      const first = byKey.get(cycle[0])!
      throw usageError(`${where(fixture, first)}: references go round in a circle: ${cycle.join(' → ')}`, 'One of them must not refer to the next')
    }

    for (const record of ready) {
      record.level = level
      ordered.push(record)
    }

    for (const record of ready) placed.add(record.key)
  }

  return ordered
}

function findCycle(left: PlannedRecord[], byKey: Map<string, PlannedRecord>): string[] {
  const leftKeys = new Set(left.map((record) => record.key))
  const path: string[] = []
  let current = left[0].key
  while (!path.includes(current)) {
    path.push(current)
    current = byKey.get(current)!.dependsOn.find((key) => leftKeys.has(key))!
  }

  return [...path.slice(path.indexOf(current)), current]
}
