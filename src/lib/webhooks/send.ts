import {encodeForm} from './payload.js'

// One webhook POST, form-encoded as the account sends it: the sandbox's deliveries and
// `ac webhooks trigger` both go through here. Never retried; a receiver that does not answer
// in time, or cannot be reached, is status 0 with the reason.

export interface Posted {
  status: number
  ms: number
  /** The start of what the receiver answered. */
  answer: string
  error?: string
}

export async function postForm(url: string, pairs: Array<[string, string]>, options: {timeoutMs: number; signal?: AbortSignal; agent: string}): Promise<Posted> {
  const started = Date.now()
  const timeout = AbortSignal.timeout(options.timeoutMs)
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded', 'user-agent': options.agent},
      body: encodeForm(pairs),
      redirect: 'manual',
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    })
    const answer = (await response.text()).slice(0, 200)
    return {status: response.status, ms: Date.now() - started, answer}
  } catch (error) {
    const cause = (error as {cause?: {code?: string}}).cause?.code
    const why = timeout.aborted ? `no answer in ${options.timeoutMs / 1000} s` : cause ?? (error as Error).message
    return {status: 0, ms: Date.now() - started, answer: '', error: why}
  }
}
