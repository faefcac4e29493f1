// tsc compiles src/ to dist/ but leaves data files behind: copy the catalogue and the
// sandbox's examples next to the modules that read them.
import {cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const src = join(root, 'src')
let copied = 0
for (const entry of readdirSync(src, {recursive: true, withFileTypes: true})) {
  if (!entry.isFile() || !entry.name.endsWith('.json')) continue
  const from = join(entry.parentPath ?? entry.path, entry.name)
  cpSync(from, join(root, 'dist', relative(src, from)))
  copied++
}

// Each operation of the catalogue also in a file of its own, named by its command: a command
// reads its own entry (src/lib/spec/catalogue.ts, operationFor), not the 200 KB catalogue.
const spec = join(root, 'dist', 'lib', 'spec')
const byCommand = join(spec, 'by-command')
rmSync(byCommand, {recursive: true, force: true})
mkdirSync(byCommand)
const operations = JSON.parse(readFileSync(join(spec, 'operations.json'), 'utf8'))
for (const operation of operations) writeFileSync(join(byCommand, `${operation.command.replaceAll(':', '.')}.json`), JSON.stringify(operation))

console.error(`copied ${copied} data files to dist/, and ${operations.length} operations one by one`)
