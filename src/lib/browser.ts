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
