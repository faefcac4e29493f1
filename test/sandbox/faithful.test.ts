// What a user saw the sandbox get wrong (issue 9): filters it accepted but ignored, values it
// took that the API refuses, defaults and derived fields it did not fill.

import {beforeEach, describe, expect, it} from 'vitest'

import {call, useSandbox} from './helpers.js'

const sandbox = useSandbox({rateLimit: false})

beforeEach(() => sandbox().reset())

const create = async (path: string, body: unknown) => {
  const answer = await call(sandbox(), 'POST', path, body)
  expect(answer.status, JSON.stringify(answer.json)).toBeLessThan(300)
  return answer.json
}

describe('the sandbox, as faithful as it claims', () => {
  it('applies filters[d_groupid] to stages, and puts a new stage last in its pipeline', async () => {
    const sales = (await create('/dealGroups', {dealGroup: {title: 'Sales', currency: 'usd'}})).dealGroup
    const support = (await create('/dealGroups', {dealGroup: {title: 'Support', currency: 'usd'}})).dealGroup
    const first = (await create('/dealStages', {dealStage: {title: 'New', group: sales.id}})).dealStage
    const second = (await create('/dealStages', {dealStage: {title: 'Won', group: sales.id}})).dealStage
    await create('/dealStages', {dealStage: {title: 'Open', group: support.id}})
    expect([first.order, second.order]).toEqual(['1', '2'])
    const listed = (await call(sandbox(), 'GET', `/dealStages?filters[d_groupid]=${sales.id}`)).json.dealStages
    expect(listed.map((stage: {title: string}) => stage.title)).toEqual(['New', 'Won'])
    expect((await call(sandbox(), 'GET', '/dealStages?filters[d_groupid]=99')).json.dealStages).toEqual([])
    // A pipeline lists its stages.
    expect((await call(sandbox(), 'GET', `/dealGroups/${sales.id}`)).json.dealGroup.stages).toEqual([first.id, second.id])
  })

  it('puts a deal given only its pipeline in the pipeline\'s first stage', async () => {
    const sales = (await create('/dealGroups', {dealGroup: {title: 'Sales', currency: 'usd'}})).dealGroup
    const won = (await create('/dealStages', {dealStage: {title: 'Won', group: sales.id, order: 2}})).dealStage
    const lead = (await create('/dealStages', {dealStage: {title: 'Lead', group: sales.id, order: 1}})).dealStage
    const contact = (await create('/contacts', {contact: {email: 'ann@example.com'}})).contact
    const deal = (await create('/deals', {deal: {title: 'Big', value: 100, currency: 'usd', group: sales.id, contact: contact.id}})).deal
    expect(deal.stage).toBe(lead.id)
    const placed = (await create('/deals', {deal: {title: 'Done', value: 1, currency: 'usd', stage: won.id, contact: contact.id}})).deal
    expect([placed.stage, placed.group]).toEqual([won.id, sales.id])
  })

  it('refuses a custom field type ActiveCampaign does not have', async () => {
    const answer = await call(sandbox(), 'POST', '/fields', {field: {title: 'Favourite', type: 'colour'}})
    expect(answer.status).toBe(422)
    expect(JSON.stringify(answer.json)).toContain('The type must be one of text')
    expect((await call(sandbox(), 'POST', '/fields', {field: {title: 'Plan', type: 'dropdown'}})).status).toBe(201)
  })

  it('counts subscribers of tags and lists', async () => {
    const contact = (await create('/contacts', {contact: {email: 'count@example.com'}})).contact
    const tag = (await create('/tags', {tag: {tag: 'Counted'}})).tag
    const list = (await create('/lists', {list: {name: 'Counted list'}})).list
    expect(tag.subscriber_count).toBe('0')
    await create('/contactTags', {contactTag: {contact: contact.id, tag: tag.id}})
    await create('/contactLists', {contactList: {contact: contact.id, list: list.id, status: 1}})
    expect((await call(sandbox(), 'GET', `/tags/${tag.id}`)).json.tag.subscriber_count).toBe('1')
    expect((await call(sandbox(), 'GET', '/lists')).json.lists[0].subscriber_count).toBe('1')
    await create('/contactLists', {contactList: {contact: contact.id, list: list.id, status: 2}})
    expect((await call(sandbox(), 'GET', `/lists/${list.id}`)).json.list.subscriber_count).toBe('0')
  })
})
