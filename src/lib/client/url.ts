import {usageError} from '../errors.js'

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

function isLoopback(hostname: string): boolean {
  return loopbackHosts.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname)
}

/**
 * The account URL as users paste it (`https://acme.api-us1.com`, with or without `/api/3`,
 * trailing slashes, no scheme) → the API base `https://acme.api-us1.com/api/3`.
 * Plain http is refused except to loopback, where the sandbox runs.
 */
export function normaliseBaseUrl(input: string): string {
  const trimmed = input.trim()
  if (!trimmed) throw usageError('The account URL is empty', 'Give the URL from Settings > Developer, e.g. https://ACCOUNT.api-us1.com')
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw usageError(`"${input}" is not a URL`, 'Give the URL from Settings > Developer, e.g. https://ACCOUNT.api-us1.com')
  }

  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw usageError(`Refusing plain http:// to ${url.hostname}: the API token would travel unencrypted`, 'Use https://')
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`"${input}" is not an http(s) URL`)
  }

  // `not-a-url` would become https://not-a-url and fail at DNS: no account lives at a bare word.
  if (!url.hostname.includes('.') && !url.hostname.includes(':') && !isLoopback(url.hostname)) {
    throw usageError(`"${input}" is not an account URL`, 'Give the URL from Settings > Developer, e.g. https://ACCOUNT.api-us1.com')
  }

  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/3$/, '')
  return `${url.protocol}//${url.host}${path}/api/3`
}
