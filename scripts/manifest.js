// Writes oclif.manifest.json so that help, completion and command lookup never load command files.
// Same as `oclif manifest`, without the oclif packaging CLI and its hundreds of dependencies.
import {writeFileSync} from 'node:fs'
import {Plugin} from '@oclif/core'

const root = new URL('..', import.meta.url).pathname
const plugin = new Plugin({root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, isRoot: true})
await plugin.load()
// Every `ac` start parses this file, so it holds only what oclif reads: no indentation, and not the
// catalogue entry each generated command carries as a static (\`operation\`, 200 KB: commands read
// it from the catalogue when they run).
for (const command of Object.values(plugin.manifest.commands)) delete command.operation
shareFlags(plugin.manifest)
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), JSON.stringify(plugin.manifest) + '\n')
console.error(`oclif.manifest.json: ${Object.keys(plugin.manifest.commands).length} commands, ${Object.keys(plugin.manifest.acSharedFlags).length} shared flag definitions`)

/**
 * A flag definition that at least SHARED commands carry word for word goes into one table,
 * acSharedFlags, under its name (name#2 for a second variant), and each of those commands holds
 * its key in the flag's place (a string where a definition would be, so the order the command
 * declares its flags in is kept: help prints them in that order). src/lib/manifest.ts puts the
 * definitions back for help, completion and the reference.
 */
function shareFlags(manifest, SHARED = 20) {
  const uses = new Map()
  for (const command of Object.values(manifest.commands)) {
    for (const flag of Object.values(command.flags)) {
      const text = JSON.stringify(flag)
      uses.set(text, (uses.get(text) ?? 0) + 1)
    }
  }

  const keys = new Map()
  manifest.acSharedFlags = {}
  for (const [text, count] of [...uses].sort((a, b) => b[1] - a[1])) {
    if (count < SHARED) continue
    const {name} = JSON.parse(text)
    let key = name
    for (let variant = 2; key in manifest.acSharedFlags; variant++) key = `${name}#${variant}`
    manifest.acSharedFlags[key] = JSON.parse(text)
    keys.set(text, key)
  }

  for (const command of Object.values(manifest.commands)) {
    for (const [name, flag] of Object.entries(command.flags)) {
      const key = keys.get(JSON.stringify(flag))
      if (key) command.flags[name] = key
    }
  }
}
