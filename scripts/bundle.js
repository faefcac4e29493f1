// Bundles what `ac` loads at start into dist/bundle/ (esbuild, ESM, shared chunks): oclif's 170
// CommonJS files (each one a resolve, a stat and a compile) become a few chunks, and a command
// file pulls in its own code, got and the output modules the same way. bin/run.js starts from
// dist/bundle/oclif-core.js; package.json's oclif.commands and hooks point into dist/bundle, and
// scripts/manifest.js records those paths. dist/ itself stays as tsc wrote it, for tests and
// tools that import its modules one by one.
//
// Left out of the bundle: modules that find files next to themselves through import.meta.url
// (the catalogues and the help store, imported through package.json's "#dist/*" map so any chunk reaches them),
// packages that load files of their own at run time (jq-wasm's .wasm), the MCP SDK, which
// only `ac mcp` loads, and yaml: a CommonJS package that ac imports both statically and with
// `await import('yaml')`, which in a split bundle yields only a default export (no stringify).
import {readdirSync, rmSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {build} from 'esbuild'

const root = new URL('..', import.meta.url).pathname
const dist = join(root, 'dist')
const outdir = join(dist, 'bundle')

// oclif, and ac's help class (package.json's oclif.helpClass), which must share oclif's chunk.
const entryPoints = [
  {in: join(root, 'node_modules/@oclif/core/lib/index.js'), out: 'oclif-core'},
  {in: join(dist, 'lib/help/index.js'), out: 'help'},
]
for (const folder of ['commands', 'hooks']) {
  for (const entry of readdirSync(join(dist, folder), {recursive: true, withFileTypes: true})) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue
    const file = join(entry.parentPath ?? entry.path, entry.name)
    entryPoints.push({in: file, out: relative(dist, file).replace(/\.js$/, '')})
  }
}

const selfLocated = /[/\\]dist[/\\]lib[/\\]((spec|sandbox)[/\\]catalogue\.js|help[/\\]cache\.cjs)$/
const external = {
  name: 'ac-external',
  setup(b) {
    b.onResolve({filter: /(catalogue\.js|cache\.cjs)$/}, ({path, resolveDir}) => {
      const file = join(resolveDir, path)
      if (!selfLocated.test(file)) return undefined
      return {path: `#dist/${relative(dist, file).replaceAll('\\', '/')}`, external: true}
    })
  },
}

// got imports http2-wrapper at its top, and http2-wrapper builds a TLS socket as it loads (Node then
// reads its CA store, and NODE_EXTRA_CA_CERTS): 16 ms of every command that sends a request. got
// reads it only for \`http2: true\` (http2wrapper.auto, .globalAgent), which ac never sets; so got
// gets a stand-in that loads the real module, bundled as usual, on first use.
const lazyHttp2 = {
  name: 'ac-lazy-http2-wrapper',
  setup(b) {
    b.onResolve({filter: /^http2-wrapper$/}, ({importer}) => (/[/\\]got[/\\]/.test(importer) ? {path: 'lazy-http2-wrapper', namespace: 'ac-lazy'} : undefined))
    b.onLoad({filter: /.*/, namespace: 'ac-lazy'}, () => ({
      contents: `let real\nexport default new Proxy({}, {get: (_, key) => (real ??= require('http2-wrapper'))[key]})\n`,
      resolveDir: root,
      loader: 'js',
    }))
  },
}

// ac runs plugin-autocomplete's commands as its own (src/commands/autocomplete/): a plugin costs
// every start a package lookup and a second manifest. Its package exports no subpaths, so its
// command files are reached by path (tsconfig.json's paths say the same to tsc).
const autocompleteCommands = {
  name: 'ac-autocomplete-commands',
  setup(b) {
    b.onResolve({filter: /^@oclif\/plugin-autocomplete\/lib\//}, ({path}) => ({path: join(root, 'node_modules', path)}))
  },
}

rmSync(outdir, {recursive: true, force: true})
const result = await build({
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  external: ['yaml', 'jq-wasm', '@modelcontextprotocol/sdk', '@modelcontextprotocol/sdk/*', 'typescript', 'ts-node', 'tsx', 'pnpapi'],
  plugins: [external, lazyHttp2, autocompleteCommands],
  // CommonJS inside an ES module: oclif and its dependencies call require() for Node built-ins,
  // and oclif reads its own package.json through __dirname (bin/run.js says where oclif lives).
  banner: {js: `import {createRequire as __acCreateRequire} from 'node:module';const require=__acCreateRequire(import.meta.url);`},
  define: {__dirname: 'globalThis.__acOclifDir'},
})
// Which packages each bundled file holds: test/cli/startup.test.ts reads it to prove that
// `ac --help` loads none of the heavy ones (got, conf, prompts, yaml, csv, ...).
const packages = {}
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  const names = new Set(Object.keys(output.inputs).map((input) => input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/)?.[1] ?? 'ac'))
  packages[relative(outdir, join(root, file)).replaceAll('\\', '/')] = [...names].sort()
}
writeFileSync(join(outdir, 'packages.json'), JSON.stringify(packages) + '\n')
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0)
console.error(`dist/bundle: ${entryPoints.length} entry points, ${Object.keys(result.metafile.outputs).length} files, ${Math.round(bytes / 1024)} KB`)
