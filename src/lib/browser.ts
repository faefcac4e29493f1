import {spawn} from 'node:child_process'

import {AcError, ExitCode} from './errors.js'

// Opening a URL for a person: the program in $BROWSER when set (as gh and git do), else the
// platform's opener. Detached, so `ac` returns at once and the browser outlives it.

function opener(url: string): [string, string[]] {
  const browser = process.env.BROWSER?.trim()
  if (browser) return [browser, [url]]
  if (process.platform === 'darwin') return ['open', [url]]
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replaceAll('&', '^&')]]
  return ['xdg-open', [url]]
}

export function openInBrowser(url: string): Promise<void> {
  const [command, args] = opener(url)
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {detached: true, stdio: 'ignore'})
    child.once('error', () => reject(new AcError(`Could not start ${command} to open ${url}`, {code: 'no_browser', exitCode: ExitCode.failure, hint: 'Set BROWSER to your browser, or open the URL yourself'})))
    child.once('spawn', () => {
      child.unref()
      resolve()
    })
  })
}

/**
 * A record's page in the app: opened in the browser on a terminal (its URL returned, to say so),
 * printed on stdout elsewhere. The sandbox has no app: a usage error before any look-up.
 */
export async function openRecord(apiUrl: string, resource: string, id: string | (() => Promise<string>)): Promise<string | undefined> {
  const {appBase, webAddress} = await import('./resources/web.js')
  appBase(apiUrl)
  const url = webAddress(apiUrl, resource, typeof id === 'string' ? id : await id())
  if (!process.stdout.isTTY) {
    process.stdout.write(url + '\n')
    return undefined
  }

  await openInBrowser(url)
  return url
}
