// tsc compiles src/ to dist/ but leaves data files behind: copy the catalogue and the
// sandbox's examples next to the modules that read them.
import {cpSync, readdirSync} from 'node:fs'
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

console.error(`copied ${copied} data files to dist/`)
