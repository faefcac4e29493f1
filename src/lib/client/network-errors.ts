// A request that got no answer, in the user's words: what happened and what to check,
// instead of Node's `write EPROTO 804C…:ssl3_get_record:wrong version number`.

const tlsCertificate = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|ERR_TLS/

export function describeNetworkError(error: Error & {code?: string}, request: {method: string; path: string; baseUrl: string}): {message: string; hint?: string} {
  const url = new URL(request.baseUrl)
  const where = `${request.method} ${request.path}`
  const code = error.code ?? ''
  const text = error.message ?? ''
  if (code === 'ECONNREFUSED') {
    return {message: `${where} failed: nothing is listening at ${url.host} (connection refused)`, hint: 'Check the account URL; for the sandbox, use the URL `ac sandbox start` printed'}
  }

  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {message: `${where} failed: cannot find the host ${url.hostname}`, hint: 'Check the account URL (Settings > Developer), and your network'}
  }

  if (code === 'EPROTO' && /wrong version number|packet length too long|http request/i.test(text)) {
    return {message: `${where} failed: ${url.host} does not speak https`, hint: `Is it a plain http:// server? (the sandbox is: use http://${url.host})`}
  }

  if (tlsCertificate.test(code)) {
    return {message: `${where} failed: the TLS certificate of ${url.hostname} is not trusted (${code})`, hint: 'Check the account URL; behind a proxy that re-signs TLS, set NODE_EXTRA_CA_CERTS to its certificate'}
  }

  if (code === 'ETIMEDOUT' || error.name === 'TimeoutError') return {message: `${where} got no answer from ${url.host} in time (${code || 'timeout'})`}
  if (code === 'ECONNRESET' || code === 'EPIPE') return {message: `${where} failed: ${url.host} closed the connection (${code})`}
  return {message: `${where} failed: ${text.split('\n')[0]}`}
}
