import {chmodSync, existsSync, mkdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'

import {configDir} from './dirs.cjs'
import {AcError, ExitCode, usageError} from './errors.js'

// Credentials: the conf store of named profiles, and the precedence that picks one:
//   --profile flag  >  AC_API_URL + AC_API_TOKEN  >  ACTIVECAMPAIGN_API_URL + ACTIVECAMPAIGN_API_KEY
//   >  AC_PROFILE  >  the store's current profile.
// The store is only opened (and conf only imported) when the environment does not settle it.

export interface Profile {
  url: string
  token: string
  /** Stored with `ac auth login --read-only`: every change is refused with this profile. */
  readOnly?: boolean
}

interface StoreShape {
  current?: string
  profiles: Record<string, Profile>
}

export type CredentialSource = 'flag' | 'env' | 'store'

export interface Credentials extends Profile {
  /** The profile's name; `env` when the credentials come from environment variables. */
  profile: string
  source: CredentialSource
  /** Where exactly: `--profile work`, `AC_API_URL/AC_API_TOKEN`, `AC_PROFILE=work`, `current profile`. */
  from: string
}

export {configDir}

export class ProfileStore {
  private constructor(private readonly conf: import('conf').default<StoreShape>) {}

  static async open(): Promise<ProfileStore> {
    const dir = configDir()
    // The folder holds API tokens: readable by its owner only (conf would create it 0755).
    mkdirSync(dir, {recursive: true, mode: 0o700})
    // mkdir leaves an existing folder as it is, and conf applies its mode only when it writes.
    tighten(dir, 0o700)
    tighten(join(dir, 'config.json'), 0o600)
    const {default: Conf} = await import('conf')
    const conf = new Conf<StoreShape>({
      cwd: dir,
      configName: 'config',
      configFileMode: 0o600,
      defaults: {profiles: {}},
      projectSuffix: '',
    })
    return new ProfileStore(conf)
  }

  /**
   * The store to read from, for a command that only needs its credentials: conf's file is plain
   * JSON (config.json), read here without loading conf and the schema validator it brings
   * (~15 ms of every start). A file that is not a JSON object is left to conf, as before.
   */
  static async read(): Promise<Pick<ProfileStore, 'current' | 'get'>> {
    const dir = configDir()
    const file = join(dir, 'config.json')
    tighten(dir, 0o700)
    tighten(file, 0o600)
    let store: Partial<StoreShape> | undefined
    try {
      store = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoreShape>
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') store = {}
    }

    if (!store || typeof store !== 'object' || Array.isArray(store)) return ProfileStore.open()
    const {current, profiles} = store
    return {current, get: (name: string) => (profiles && Object.hasOwn(profiles, name) ? profiles[name] : undefined)}
  }

  get path(): string {
    return this.conf.path
  }

  get current(): string | undefined {
    return this.conf.get('current')
  }

  list(): Array<{name: string; current: boolean} & Profile> {
    const current = this.current
    return Object.entries(this.conf.get('profiles') ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, profile]) => ({name, current: name === current, ...profile}))
  }

  get(name: string): Profile | undefined {
    return (this.conf.get('profiles') ?? {})[name]
  }

  save(name: string, profile: Profile): void {
    this.conf.set('profiles', {...this.conf.get('profiles'), [name]: profile})
    this.conf.set('current', name)
  }

  use(name: string): void {
    this.require(name)
    this.conf.set('current', name)
  }

  remove(name: string): void {
    this.require(name)
    const {[name]: _removed, ...rest} = this.conf.get('profiles') ?? {}
    this.conf.set('profiles', rest)
    if (this.current === name) this.conf.delete('current')
  }

  require(name: string): Profile {
    const profile = this.get(name)
    if (!profile) {
      const known = this.list().map((p) => p.name)
      throw usageError(`No profile named "${name}"`, known.length ? `Known profiles: ${known.join(', ')}` : 'Log in with `ac auth login`')
    }

    return profile
  }
}

/** A token store others can read is tightened to `mode`, with a warning: they may have read it already. */
function tighten(path: string, mode: number): void {
  if (!existsSync(path)) return
  const current = statSync(path).mode & 0o777
  if ((current & ~mode) === 0) return
  try {
    chmodSync(path, mode)
    process.stderr.write(`Warning: ${path} was readable by others (mode ${current.toString(8).padStart(4, '0')}); made it ${mode.toString(8).padStart(4, '0')}. If others could log in here, revoke its API tokens\n`)
  } catch (error) {
    process.stderr.write(`Warning: ${path} is readable by others (mode ${current.toString(8).padStart(4, '0')}) and could not be tightened: ${(error as Error).message}\n`)
  }
}

function envPair(urlVar: string, tokenVar: string): Profile | undefined {
  const url = process.env[urlVar]
  const token = process.env[tokenVar]
  if (url && token) return {url, token}
  if (url || token) {
    process.stderr.write(`Warning: ${url ? urlVar : tokenVar} is set without ${url ? tokenVar : urlVar}; ignoring it\n`)
  }

  return undefined
}

function noCredentials(message: string): AcError {
  return new AcError(message, {
    code: 'no_credentials',
    exitCode: ExitCode.auth,
    hint: 'Run `ac auth login`, or set AC_API_URL and AC_API_TOKEN (try `ac sandbox start` for a local API)',
  })
}

/** The credentials this invocation uses, by the contract's precedence. */
export async function resolveCredentials(flagProfile?: string): Promise<Credentials> {
  if (!flagProfile) {
    for (const [urlVar, tokenVar] of [
      ['AC_API_URL', 'AC_API_TOKEN'],
      ['ACTIVECAMPAIGN_API_URL', 'ACTIVECAMPAIGN_API_KEY'],
    ]) {
      const pair = envPair(urlVar, tokenVar)
      if (pair) return {...pair, profile: 'env', source: 'env', from: `${urlVar}/${tokenVar}`}
    }
  }

  const store = await ProfileStore.read()
  const envProfile = flagProfile ? undefined : process.env.AC_PROFILE
  const name = flagProfile ?? envProfile ?? store.current
  if (!name) throw noCredentials('Not logged in')
  const profile = store.get(name)
  if (!profile) {
    const origin = flagProfile ? '--profile' : envProfile ? 'AC_PROFILE' : 'the current profile'
    throw noCredentials(`No stored profile "${name}" (from ${origin})`)
  }

  if (flagProfile) return {...profile, profile: name, source: 'flag', from: `--profile ${name}`}
  return {...profile, profile: name, source: envProfile ? 'env' : 'store', from: envProfile ? `AC_PROFILE=${name}` : 'current profile'}
}

/** Enough of a token to tell two apart, never enough to use: `••••••••3f9a`. */
export function maskToken(token: string): string {
  return token.length <= 8 ? '•'.repeat(token.length) : `${'•'.repeat(8)}${token.slice(-4)}`
}
