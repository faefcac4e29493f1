import {isMap, isScalar, isSeq, LineCounter, parseDocument, type Document} from 'yaml'

import {readTextFile} from '../command/input.js'
import {usageError} from '../errors.js'
import {nearest} from '../text.js'
import {contactRelations, type SeedResource, seedResource, seedResourceWords} from './resources.js'
import {fixtureSchema} from './schema.js'

// A fixture file (YAML or JSON: JSON is YAML too, so one parser gives line numbers for both)
// → validated records, each with the line it was written on. Every error names the file,
// the line and the record, and is found before any request.

export interface FixtureRecord {
  resource: SeedResource
  /** The local name: `vip`, or `alice.tags.vip` for a link written on its contact. */
  name: string
  /** The fields as written, references and all. */
  body: Record<string, unknown>
  line: number
}

export interface Fixture {
  file: string
  records: FixtureRecord[]
}

type Path = Array<string | number>

class Located {
  private readonly lines = new LineCounter()
  readonly document: Document

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.document = parseDocument(text, {lineCounter: this.lines, uniqueKeys: true})
  }

  /** The line of the key at `path` (or of the value, for list items); 1 when it cannot be found. */
  line(path: Path): number {
    let node: unknown = this.document.contents
    let offset = 0
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment))
        if (!pair) break
        offset = (pair.key as {range?: [number]}).range?.[0] ?? offset
        node = pair.value
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment]
        offset = (node as {range?: [number]})?.range?.[0] ?? offset
      } else break
    }

    return this.lines.linePos(offset).line
  }

  error(path: Path, message: string): Error {
    const where = path.length >= 2 ? ` ${path[0]}.${path[1]}:` : ''
    return usageError(`${this.file}:${this.line(path)}:${where} ${message}`)
  }
}

type Validate = ((data: unknown) => boolean) & {errors?: Array<{instancePath: string; keyword: string; params: Record<string, unknown>; message?: string; propertyName?: string}> | null}

async function validator(): Promise<Validate> {
  // ajv is CommonJS: under ESM its class is the default export's `default`.
  const ajv = (await import('ajv')) as unknown as {default: {default: new (options: object) => {compile(schema: object): Validate}}}
  // The schema is ours (built from the catalogue, and tested): checking it against the draft's
  // meta-schema, inlining its refs and optimising the code cost 40 of 60 ms before every apply.
  return new ajv.default.default({allErrors: false, strict: false, validateSchema: false, inlineRefs: false, code: {optimize: false}}).compile(fixtureSchema())
}

function schemaError(source: Located, error: NonNullable<Validate['errors']>[number]): Error {
  const path: Path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
  const {params} = error
  if (error.keyword === 'additionalProperties') {
    const field = String(params.additionalProperty)
    if (path.length === 0) return source.error([field], `unknown resource "${field}"; a fixture holds ${seedResourceWords().join(', ')}`)
    return source.error([...path, field], `unknown field "${field}"${suggestion(field, path)}`)
  }

  if (error.keyword === 'required') return source.error(path, `missing ${String(params.missingProperty)}`)
  if (error.propertyName !== undefined) {
    return source.error([...path, error.propertyName], `"${error.propertyName}" cannot be a local name: use letters, digits, - and _`)
  }

  const field = path.length > 2 ? `${String(path.at(-1))} ` : ''
  if (error.keyword === 'type' && path.length === 1) return source.error(path, `${String(path[0])} must be a map of local names to records`)
  if (error.keyword === 'type') return source.error(path, `${field}must be ${params.type === 'object' ? 'a map of fields' : 'one value (text, a number or true/false)'}`)
  return source.error(path, `${field}${error.message ?? 'is not valid'}`)
}

/** ` (did you mean "email"?)` for a field one or two letters off a documented one. */
function suggestion(field: string, path: Path): string {
  const resource = seedResource(String(path[0]))
  if (!resource) return ''
  const schema = fixtureSchema().definitions as Record<string, {additionalProperties: {properties: Record<string, unknown>}}>
  const known = Object.keys(schema[resource.name].additionalProperties.properties)
  const close = nearest(field, known)
  return close ? ` (did you mean "${close}"?)` : `; ${resource.name} take ${known.join(', ')}`
}

/** `tags: [vip]` on a contact → contactTags records of their own, named `alice.tags.vip`. */
function expandContact(source: Located, name: string, body: Record<string, unknown>): FixtureRecord[] {
  const links: FixtureRecord[] = []
  for (const [relation, {resource, field, target}] of Object.entries(contactRelations)) {
    const values = body[relation] as string[] | undefined
    delete body[relation]
    for (const [index, value] of (values ?? []).entries()) {
      const reference = /^[\w-]+$/.test(value) ? `\${${target}.${value}.id}` : value
      links.push({
        resource: seedResource(resource)!,
        name: `${name}.${relation}.${value.replaceAll(/[^\w-]+/g, '_')}`,
        body: {contact: `\${contacts.${name}.id}`, [field]: reference},
        line: source.line(['contacts', name, relation, index]),
      })
    }
  }

  const fields = body.fields as Record<string, unknown> | undefined
  if (fields) {
    delete body.fields
    const values = Object.entries(fields).map(([field, value]) => ({
      field: /^\d+$/.test(field) || field.startsWith('${') ? field : `\${fields.${field}.id}`,
      value,
    }))
    body.fieldValues = [...((body.fieldValues as unknown[] | undefined) ?? []), ...values]
  }

  return links
}

export async function loadFixture(file: string): Promise<Fixture> {
  const text = readTextFile(file)
  if (!text.trim()) throw usageError(`${file} is empty`, 'A fixture holds records keyed by resource: tags, lists, contacts, ...')
  const source = new Located(file, text)
  const problem = source.document.errors[0]
  if (problem) {
    const line = problem.linePos?.[0]?.line ?? 1
    throw usageError(`${file}:${line}: not valid YAML or JSON: ${problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`)
  }

  const data = source.document.toJS() as unknown
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw usageError(`${file}: a fixture is a map of resources (tags:, lists:, contacts:, ...), not ${Array.isArray(data) ? 'a list' : typeof data}`)
  }

  const validate = await validator()
  if (!validate(data)) throw schemaError(source, validate.errors![0])
  const records: FixtureRecord[] = []
  const seen = new Map<string, string>()
  for (const [word, group] of Object.entries(data as Record<string, Record<string, Record<string, unknown>> | undefined>)) {
    if (word === '$schema' || !group) continue
    const resource = seedResource(word)!
    for (const [name, written] of Object.entries(group)) {
      const line = source.line([word, name])
      // `pipelines:` and `dealGroups:` are one resource: a name may be used once across both.
      const key = `${resource.name}.${name}`
      if (seen.has(key)) throw source.error([word, name], `${resource.noun} "${name}" is defined twice (also as ${seen.get(key)})`)
      seen.set(key, `${word}.${name}`)
      const body = {...(written ?? {})}
      const links = resource.name === 'contacts' ? expandContact(source, name, body) : []
      records.push({resource, name, body, line}, ...links)
    }
  }

  return {file, records}
}
