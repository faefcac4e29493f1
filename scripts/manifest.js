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
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), JSON.stringify(plugin.manifest) + '\n')
console.error(`oclif.manifest.json: ${Object.keys(plugin.manifest.commands).length} commands`)
