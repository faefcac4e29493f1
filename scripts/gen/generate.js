#!/usr/bin/env node
// `npm run gen`: turns ActiveCampaign's API reference text and OpenAPI file into
// src/lib/spec/operations.json (the operation catalogue), src/lib/spec/aliases.json,
// src/lib/sandbox/response-examples.json, one command file per operation under
// src/commands, and the topic descriptions in package.json's `oclif.topics` (topics.js).
// The spec lives outside the repo (../shared/spec, or AC_SPEC_DIR); the
// outputs are committed so the project builds without it.
//
// Modules: parse-text.js, parse-openapi.js (sources) → catalogue.js (merge, using
// naming.js + names.js, summaries.js, params.js, body.js, response.js) → values.js and
// descriptions.js (flag help) → write.js (files); topics.js describes the topics.

import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {buildCatalogue} from './catalogue.js'
import {checkDescriptions, polishDescriptions} from './descriptions.js'
import {parseOpenApi} from './parse-openapi.js'
import {parseText} from './parse-text.js'
import {topicDescriptions, topicsOf} from './topics.js'
import {noteValues} from './values.js'
import {handWrittenIds, writeCatalogue, writeCommands, writePackageTopics, writeReport} from './write.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const specDir = path.resolve(root, process.env.AC_SPEC_DIR ?? '../shared/spec')
const reportFile = process.env.AC_GEN_REPORT ?? '/tmp/gen-report.txt'

function findSpec() {
  if (!fs.existsSync(specDir)) throw new Error(`spec directory not found: ${specDir} (set AC_SPEC_DIR)`)
  const files = fs.readdirSync(specDir).sort()
  const openapi = files.find((f) => /openapi.*\.json$/i.test(f))
  const text = files.find((f) => /^000_.*\.txt$/.test(f)) ?? files.find((f) => f.endsWith('.txt'))
  if (!openapi || !text) throw new Error(`${specDir} must hold the OpenAPI .json and the reference .txt`)
  return {openapi: path.join(specDir, openapi), text: path.join(specDir, text)}
}

function count(items, key) {
  const out = {}
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1
  return Object.entries(out)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')
}

function main() {
  const started = Date.now()
  const files = findSpec()
  const text = parseText(fs.readFileSync(files.text, 'utf8'))
  const openapi = parseOpenApi(JSON.parse(fs.readFileSync(files.openapi, 'utf8')))
  const catalogue = buildCatalogue(text.ops, text.schemas, openapi)
  const {operations, aliases, examples, topics, droppedAliases} = catalogue
  noteValues(operations)
  polishDescriptions(operations)
  checkDescriptions(operations)

  // Topics of generated and hand-written commands alike (oclif lists both), checked before
  // anything is written.
  const described = topicDescriptions(topicsOf([...operations.map((o) => o.command), ...handWrittenIds(root)]))

  const written = writeCatalogue(root, catalogue)
  const commands = writeCommands(root, operations)
  writeReport(reportFile, operations, aliases)
  if (writePackageTopics(root, described.topics)) written.push('package.json (oclif.topics)')

  const topLevel = [...topics].filter((t) => !t.includes(':')).sort()
  const log = (line) => process.stdout.write(line + '\n')
  log(`spec: ${path.relative(root, files.text)}, ${path.relative(root, files.openapi)}`)
  log(`sources: text ${text.ops.length} blocks, ${Object.keys(text.schemas).length} schemas; openapi ${openapi.length} operations`)
  log(`operations: ${operations.length} (${count(operations, (o) => o.source)})`)
  log(`methods: ${count(operations, (o) => o.method)}; paged ${operations.filter((o) => o.paged).length}; with body ${operations.filter((o) => o.body).length}`)
  log(`commands: ${commands.written} written, ${commands.unchanged} unchanged, ${commands.deleted.length} stale deleted, ${commands.skipped.length} skipped`)
  for (const s of commands.skipped) log(`  skipped: ${s}`)
  for (const d of commands.deleted) log(`  deleted: ${d}`)
  for (const c of commands.conflicts) log(`  WARNING command/topic clash: ${c}`)
  log(`topics: ${topics.size} (${topLevel.length} top-level: ${topLevel.join(' ')})`)
  log(`topic descriptions: ${Object.keys(described.topics).length}${described.unused.length ? `; unused in topics.js: ${described.unused.join(', ')}` : ''}`)
  log(`aliases: ${Object.keys(aliases).length}${droppedAliases.length ? `; dropped (collisions): ${droppedAliases.join(', ')}` : ''}`)
  log(`response examples: ${Object.keys(examples).length}`)
  log(`files changed: ${written.length ? written.join(', ') : 'none'}`)
  log(`report: ${reportFile}  (${Date.now() - started} ms)`)
}

try {
  main()
} catch (error) {
  process.stderr.write(`gen: ${error.generatorFailure ? error.message : error.stack}\n`)
  process.exit(1)
}
