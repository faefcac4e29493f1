import type {ApiClient} from '../client/client.js'
import {totalOf, unwrap} from '../envelope.js'
import {AcError, ExitCode} from '../errors.js'
import {confirmations, type ConfirmReader} from '../resources/index.js'

// What a delete's question names: the record and what hangs on it, by the resource's own
// sentence (src/lib/resources/questions.ts).

/**
 * One record's id, name and what hangs on it, for the question (`7 "Renewal" (1,200.00 USD,
 * ann@example.com)`): read only when a person is about to be asked. Unknown when the resource
 * has no description or the record cannot be read (the delete then says what became of it).
 */
export async function whatGoes(client: ApiClient, resource: string, id: string, path: string): Promise<string | undefined> {
  const says = confirmations[resource]
  if (!says) return undefined
  const read: ConfirmReader = {
    async record(path) {
      const {body} = await client.request({method: 'GET', path})
      const answer = unwrap(body, undefined, path.replace(/\/[^/]+$/, '/{id}'))
      return answer.kind === 'record' ? answer.record : undefined
    },
    async total(path, query) {
      return totalOf((await client.request({method: 'GET', path, query})).body)
    },
  }
  try {
    const record = await read.record(path)
    return record ? `${id} ${await says(record, read)}` : undefined
  } catch (error) {
    if (error instanceof AcError && error.exitCode === ExitCode.notFound) return undefined
    throw error
  }
}
