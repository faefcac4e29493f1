// Bundles what `ac` runs into dist/bundle/, as CommonJS, so that bin/run.js can load it through
// V8's code cache (src/lib/code-cache.cts): a start then reads one file and compiles nothing it
// compiled before. ES modules cannot be loaded that way, and Node's own loader spends ~15 ms a
// start resolving and linking 50 ES chunks; Node 20 keeps no compiled code for them at all.
//
// - ac.cjs: oclif, every command, and ac's own code (commands lazily: a table of getters that
//   oclif reads through package.json's `"strategy": "explicit"`). Modules that used to be
//   imported on demand stay so: esbuild evaluates a bundled module the first time it is reached.
// - vendor/*.cjs: the big libraries a command may need (got, conf, prompts, tables, csv, ajv),
//   each in its own file, read only by the commands that use them (help reads none).
// - commands.cjs, help.cjs, hooks/*.cjs: the few lines oclif loads by path, pointing into ac.cjs.
// - packages.json: which packages each file holds (test/cli/startup.test.ts reads it).
//
// Left out: packages that load files of their own at run time (jq-wasm's .wasm), the MCP SDK
// (only `ac mcp`), yaml; they are required from node_modules. dist/ itself stays as tsc wrote
// it, for tests and tools that import its modules one by one.
import {mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {createRequire} from 'node:module'
import {build} from 'esbuild'

const root = new URL('..', import.meta.url).pathname
const require = createRequire(join(root, 'package.json'))
const dist = join(root, 'dist')
const outdir = join(dist, 'bundle')

const vendors = {
  got: 'got',
  conf: 'conf',
  prompts: '@inquirer/prompts',
  table: 'cli-table3',
  'csv-parse': 'csv-parse/sync',
  'csv-stringify': 'csv-stringify/sync',
  ajv: 'ajv',
}
const external = ['yaml', 'jq-wasm', '@modelcontextprotocol/sdk', '@modelcontextprotocol/sdk/*', 'typescript', 'ts-node', 'tsx', 'pnpapi']

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  external,
  // import() becomes require(): the code cache's vm.Script has no ES module loader behind it.
  supported: {'dynamic-import': false},
}

// A library's specifier, in ac.cjs, becomes a require of its own file, with the exports it has
// (read from the built file: a plain require would hand an ES import the whole module as default).
const toVendor = {
  name: 'ac-vendor',
  setup(b) {
    const names = new Map(Object.entries(vendors).map(([file, specifier]) => [specifier, file]))
    b.onResolve({filter: /.*/}, ({path, kind}) => (kind !== 'entry-point' && names.has(path) ? {path, namespace: 'ac-vendor'} : undefined))
    b.onResolve({filter: /^(\.\/vendor\/|\.\.\/lib\/code-cache\.cjs$)/}, ({path}) => ({path, external: true}))
    b.onLoad({filter: /.*/, namespace: 'ac-vendor'}, ({path}) => {
      const file = `./vendor/${names.get(path)}.cjs`
      const library = require(join(outdir, file))
      const named = Object.keys(library).filter((key) => key !== 'default' && key !== '__esModule' && /^[A-Za-z_$][\w$]*$/.test(key))
      const contents = [`const library = require('../lib/code-cache.cjs').load(require.resolve('${file}'))`, `export default ${library.__esModule ? 'library.default' : 'library'}`]
      if (named.length > 0) contents.push(`export const {${named.join(', ')}} = library`)
      return {contents: contents.join('\n'), loader: 'js'}
    })
  },
}

// Modules a library requires at its top but uses only on paths ac never or rarely takes get a
// stand-in that loads the real module (bundled as usual) on first use:
// - http2-wrapper, in got: it builds a TLS socket as it loads (Node then reads its CA store, and
//   NODE_EXTRA_CA_CERTS), 16 ms of every command that sends a request; got reads it only for
//   `http2: true`, which ac never sets;
// - tinyglobby, in oclif: it finds command files by pattern; ac's commands come from a table.
const lazyModules = [
  ['http2-wrapper', /[/\\]got[/\\]/],
  ['tinyglobby', /[/\\]@oclif[/\\]core[/\\]/],
]
const lazy = {
  name: 'ac-lazy',
  setup(b) {
    for (const [name, importer] of lazyModules) {
      const filter = new RegExp(`^${name}$`)
      b.onResolve({filter}, (args) => (importer.test(args.importer) && args.namespace === 'file' ? {path: name, namespace: 'ac-lazy'} : undefined))
    }

    b.onLoad({filter: /.*/, namespace: 'ac-lazy'}, ({path}) => ({
      contents: `let real\nmodule.exports = new Proxy({}, {get: (_, key) => (real ??= require(${JSON.stringify(require.resolve(path))}))[key]})\n`,
      resolveDir: root,
      loader: 'js',
    }))
  },
}

// @sindresorhus/is (got's type checks) builds two Intl.ListFormat as it loads, for the wording of
// one error message: the first Intl object of a process sets up ICU, ~10 ms of every command
// that sends a request. They are built when that message is first worded instead.
const lazyListFormat = {
  name: 'ac-lazy-list-format',
  setup(b) {
    b.onLoad({filter: /[/\\]@sindresorhus[/\\]is[/\\]distribution[/\\]index\.js$/}, async ({path}) => {
      const source = readFileSync(path, 'utf8')
      const lazier = source.replaceAll('new Intl.ListFormat(', '__acListFormat(')
      if (lazier === source) throw new Error(`${path}: no Intl.ListFormat to defer any more; drop ac-lazy-list-format`)
      const helper = 'const __acListFormat = (...options) => { let real; return {format: (list) => (real ??= new Intl.ListFormat(...options)).format(list)} }\n'
      return {contents: helper + lazier, loader: 'js'}
    })
  },
}

// string-width (oclif's help wraps every line with it, cli-table3 measures every cell) builds
// its emoji regular expression anew at every call. Printable ASCII, what help and most cells
// are, is as wide as it is long: the stand-in says so, and asks the real module about the rest.
const plainWidth = {
  name: 'ac-plain-width',
  setup(b) {
    b.onResolve({filter: /^string-width$/}, ({namespace, resolveDir}) => (namespace === 'file' ? {path: createRequire(join(resolveDir, 'x.js')).resolve('string-width'), namespace: 'ac-width'} : undefined))
    b.onLoad({filter: /.*/, namespace: 'ac-width'}, ({path}) => ({
      contents: [
        `let real`,
        `const plain = /^[\\x20-\\x7e]*$/`,
        `const width = (text, options) => (typeof text === 'string' && plain.test(text) ? text.length : (real ??= require(${JSON.stringify(path)}))(text, options))`,
        `module.exports = width`,
        `module.exports.default = width`,
      ].join('\n'),
      resolveDir: root,
      loader: 'js',
    }))
  },
}

// oclif renders every text of a help (each flag's description) as an ejs template, compiling it
// first: 5 ms of a command's help. Text without a tag renders as itself; the stand-in returns it,
// and loads ejs for the texts that have one (`<%= config.bin %>`).
const plainEjs = {
  name: 'ac-plain-ejs',
  setup(b) {
    b.onResolve({filter: /^ejs$/}, ({namespace, resolveDir}) => (namespace === 'file' ? {path: createRequire(join(resolveDir, 'x.js')).resolve('ejs'), namespace: 'ac-ejs'} : undefined))
    b.onLoad({filter: /.*/, namespace: 'ac-ejs'}, ({path}) => ({
      contents: [
        `let real`,
        `const ejs = () => (real ??= require(${JSON.stringify(path)}))`,
        `module.exports = {`,
        `  render: (template, ...rest) => (typeof template === 'string' && !template.includes('<%') ? template : ejs().render(template, ...rest)),`,
        `  compile: (...args) => ejs().compile(...args),`,
        `  renderFile: (...args) => ejs().renderFile(...args),`,
        `}`,
      ].join('\n'),
      resolveDir: root,
      loader: 'js',
    }))
  },
}

// oclif sorts a plugin's commands with localeCompare, and the first collation of a process sets
// ICU up: ~5 ms of every full start. src/lib/command-order.ts gives the same order without ICU.
const idOrder = {
  name: 'ac-id-order',
  setup(b) {
    b.onLoad({filter: /[/\\]@oclif[/\\]core[/\\]lib[/\\]config[/\\]plugin\.js$/}, ({path}) => {
      const source = readFileSync(path, 'utf8')
      const sorted = source.replace('.sort((a, b) => a.id.localeCompare(b.id))', '.sort((a, b) => __acCompareIds(a.id, b.id))')
      if (sorted === source) throw new Error(`${path}: oclif no longer sorts commands with localeCompare; drop ac-id-order`)
      return {contents: `const {compareIds: __acCompareIds} = require(${JSON.stringify(join(dist, 'lib', 'command-order.js'))})\n${sorted}`, loader: 'js'}
    })
  },
}

// The debug package (oclif's logger) reads DEBUG and sets itself up as it loads (~3 ms): when
// DEBUG is not set it would log nothing, so a stand-in that logs nothing takes its place. With
// DEBUG set, the real package loads, as before.
const quietDebug = {
  name: 'ac-quiet-debug',
  setup(b) {
    b.onResolve({filter: /^debug$/}, ({namespace}) => (namespace === 'file' ? {path: 'debug', namespace: 'ac-debug'} : undefined))
    b.onLoad({filter: /.*/, namespace: 'ac-debug'}, () => ({
      contents: [
        `const off = (namespace) => Object.assign(() => {}, {enabled: false, namespace, log() {}, destroy: () => true, extend: (more, delimiter = ':') => off(namespace + delimiter + more)})`,
        `const quiet = Object.assign(off, {enable() {}, disable: () => '', enabled: () => false, names: [], skips: [], formatters: {}, coerce: (value) => value, selectColor: () => 0})`,
        `module.exports = process.env.DEBUG ? require(${JSON.stringify(require.resolve('debug'))}) : quiet`,
      ].join('\n'),
      resolveDir: root,
      loader: 'js',
    }))
  },
}

// Two of ac's CommonJS files are loaded by bin/run.js before the bundle and keep state or find
// files next to themselves (the help store finds oclif.manifest.json, the code cache knows what
// it loaded): ac.cjs requires those very files. The others (the folders, what asks for help) are
// bundled like any module.
const ownCommonJs = {
  name: 'ac-own-commonjs',
  setup(b) {
    b.onResolve({filter: /\.cjs$/}, ({path, resolveDir}) => {
      const file = join(resolveDir, path)
      return /[/\\]dist[/\\]lib[/\\](help[/\\]cache|code-cache)\.cjs$/.test(file) ? {path: `../${relative(dist, file).replaceAll('\\', '/')}`, external: true} : undefined
    })
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

/** Every command file under dist/commands, by oclif id (`contacts/list.js` is contacts:list, `api/index.js` is api). */
function commandFiles() {
  const dir = join(dist, 'commands')
  const found = {}
  for (const entry of readdirSync(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue
    const file = join(entry.parentPath ?? entry.path, entry.name)
    const id = relative(dir, file).replace(/\.js$/, '').replace(/(^|[/\\])index$/, '').replaceAll(/[/\\]/g, ':')
    found[id] = file
  }

  return found
}

const commands = commandFiles()
const hooks = {'command-not-found': join(dist, 'hooks', 'command-not-found.js')}
const entry = [
  `import {run as dispatch} from './lib/dispatch.js'`,
  `export const commands = {}`,
  `export const run = (root) => dispatch(root, commands)`,
  ...Object.entries(commands).map(([id, file]) => `Object.defineProperty(commands, ${JSON.stringify(id)}, {enumerable: true, get: () => require(${JSON.stringify(file)}).default})`),
  `export const hooks = {${Object.entries(hooks).map(([name, file]) => `${JSON.stringify(name)}: () => require(${JSON.stringify(file)}).default`).join(', ')}}`,
  `export const Help = () => require(${JSON.stringify(join(dist, 'lib', 'help', 'index.js'))}).default`,
].join('\n')

rmSync(outdir, {recursive: true, force: true})
mkdirSync(join(outdir, 'hooks'), {recursive: true})
const vendorResults = await Promise.all(
  Object.entries(vendors).map(([file, specifier]) =>
    build({...common, entryPoints: [specifier], outfile: join(outdir, 'vendor', `${file}.cjs`), absWorkingDir: root, plugins: file === 'got' ? [lazy, lazyListFormat] : file === 'table' ? [plainWidth] : []}),
  ),
)
const results = [
  ...vendorResults,
  await build({
    ...common,
    stdin: {contents: entry, resolveDir: dist, sourcefile: 'ac-entry.js', loader: 'js'},
    outfile: join(outdir, 'ac.cjs'),
    plugins: [toVendor, ownCommonJs, lazy, quietDebug, plainWidth, plainEjs, idOrder, autocompleteCommands],
    // oclif reads its own package.json through __dirname (bin/run.js says where oclif lives). The
    // catalogues find their data through import.meta.url: here, dist/lib/spec/, as tsc left them.
    define: {__dirname: 'globalThis.__acOclifDir', 'import.meta.url': '__acSpecUrl'},
    banner: {js: `var __acSpecUrl=require('node:url').pathToFileURL(require('node:path').join(__filename,'../../lib/spec/catalogue.js')).href;`},
  }),
]

// Every bundled file is ASCII (esbuild escapes strings, not the characters of a regular
// expression): the code cache then reads it as one-byte text, half the time of decoding UTF-8.
for (const result of results) {
  for (const file of Object.keys(result.metafile.outputs)) {
    const path = join(root, file)
    const text = readFileSync(path, 'utf8')
    const ascii = text.replaceAll(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    if (ascii !== text) writeFileSync(path, ascii)
  }
}

// What oclif loads by path: package.json's oclif.commands (explicit), helpClass and hooks.
const stub = (expression) => `'use strict'\n// Generated by scripts/bundle.js: oclif loads this file by path; the code is in ac.cjs.\nmodule.exports = ${expression}\n`
writeFileSync(join(outdir, 'commands.cjs'), stub(`{get default() { return require('./ac.cjs').commands }}`))
writeFileSync(join(outdir, 'help.cjs'), stub(`{get default() { return require('./ac.cjs').Help() }}`))
for (const name of Object.keys(hooks)) {
  writeFileSync(join(outdir, 'hooks', `${name}.cjs`), stub(`{default(...args) { return require('../ac.cjs').hooks[${JSON.stringify(name)}]().apply(this, args) }}`))
}

// Which packages each bundled file holds: test/cli/startup.test.ts reads it to prove that
// `ac --help` loads none of the heavy ones (got, conf, prompts, yaml, csv, ...).
const packages = {}
let bytes = 0
for (const result of results) {
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const names = new Set(Object.keys(output.inputs).map((input) => input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/)?.[1] ?? 'ac'))
    packages[relative(outdir, join(root, file)).replaceAll('\\', '/')] = [...names].sort()
    bytes += output.bytes
  }
}

writeFileSync(join(outdir, 'packages.json'), JSON.stringify(packages) + '\n')
console.error(`dist/bundle: ${Object.keys(commands).length} commands, ${Object.keys(packages).length} files, ${Math.round(bytes / 1024)} KB`)
