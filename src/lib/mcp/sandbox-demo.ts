import {ApiClient} from '../client/client.js'
import {unwrap} from '../envelope.js'
import type {Sandbox} from '../sandbox/server.js'

// `ac mcp --sandbox` serves a small account to try things on: two contacts, a tag, a list,
// a pipeline with three stages and a deal. Made over the sandbox's own API (not through the
// session's client: setting up the demo is not a change anyone asked for, so not audited).

export async function seedDemo(sandbox: Sandbox): Promise<void> {
  const client = new ApiClient({baseUrl: sandbox.url, token: sandbox.token, userAgent: 'ac-cli (mcp sandbox demo)'})
  const create = async (path: string, root: string, record: Record<string, unknown>): Promise<string> => {
    const {body} = await client.request({method: 'POST', path, body: {[root]: record}})
    const answer = unwrap(body, root, path)
    return answer.kind === 'record' ? String(answer.record.id) : ''
  }

  const ann = await create('/contacts', 'contact', {email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee', phone: '+1 555 0100'})
  await create('/contacts', 'contact', {email: 'bob@example.com', firstName: 'Bob', lastName: 'Stone'})
  await create('/tags', 'tag', {tag: 'VIP', tagType: 'contact', description: 'Our best customers'})
  await create('/lists', 'list', {name: 'Newsletter', stringid: 'newsletter', sender_url: 'https://example.com', sender_reminder: 'You signed up on our site'})
  const sales = await create('/dealGroups', 'dealGroup', {title: 'Sales', currency: 'usd', allgroups: 1, allusers: 1})
  const stages: string[] = []
  for (const [order, title] of ['New', 'Qualified', 'Won'].entries()) stages.push(await create('/dealStages', 'dealStage', {title, group: sales, order: order + 1}))
  await create('/deals', 'deal', {title: 'Acme renewal', contact: ann, value: 120_000, currency: 'usd', group: sales, stage: stages[0], owner: 1})
}
