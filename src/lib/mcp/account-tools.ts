import {unwrap} from '../envelope.js'
import {resolveId, resolveStage} from '../lookup.js'
import {listRecords} from '../paging.js'
import {describe} from '../resources/index.js'
import {pageOf} from './answers.js'
import {annotationsFor} from './guard.js'
import {pagingProperties} from './schema.js'
import type {Tool} from './tool.js'

// Deals through their pipeline stages, and the lists an agent needs to name things right:
// tags, lists, custom fields, pipelines with their stages, users.

const dealStatus: Record<string, number> = {open: 0, won: 1, lost: 2}
const columns = (resource: string) => describe(resource).columns!

/** A plain paged list of one resource, its default columns per record. */
function listTool(name: string, description: string, path: string, resource: string, search?: {parameter: string; text: string}): Tool {
  return {
    name,
    description: `${description} Each: ${columns(resource).join(', ')}.`,
    inputSchema: {
      type: 'object',
      properties: {...(search ? {search: {type: 'string', description: search.text}} : {}), ...pagingProperties},
      additionalProperties: false,
    },
    annotations: annotationsFor('read'),
    access: 'read',
    run: (args, {client}) =>
      pageOf(
        client,
        {path, query: search && args.search ? {[search.parameter]: String(args.search)} : {}, responseKey: resource, limit: args.limit as number, cursor: args.cursor as string},
        columns(resource),
      ),
  }
}

export const accountTools: Tool[] = [
  {
    name: 'list_deals',
    description: `Deals, narrowed by words, pipeline, stage, owner or status (names or ids). Each: ${columns('deals').join(', ')}, group (its pipeline).`,
    inputSchema: {
      type: 'object',
      properties: {
        search: {type: 'string', description: 'Words in the title, contact or organization'},
        pipeline: {type: 'string', description: 'Pipeline id or name'},
        stage: {type: 'string', description: 'Stage id or name (within pipeline, when given)'},
        owner: {type: 'string', description: 'Owner: user id, username or email'},
        status: {type: 'string', enum: Object.keys(dealStatus)},
        ...pagingProperties,
      },
      additionalProperties: false,
    },
    annotations: annotationsFor('read'),
    access: 'read',
    async run(args, {client}) {
      const group = args.pipeline ? await resolveId(client, 'dealGroups', String(args.pipeline)) : undefined
      const [stage, owner] = await Promise.all([
        args.stage ? resolveId(client, 'dealStages', String(args.stage), group ? {group} : undefined) : undefined,
        args.owner ? resolveId(client, 'users', String(args.owner)) : undefined,
      ])
      const query = {
        'filters[search]': args.search as string | undefined,
        'filters[group]': group,
        'filters[stage]': stage,
        'filters[owner]': owner,
        'filters[status]': args.status === undefined ? undefined : dealStatus[String(args.status)],
      }
      return pageOf(client, {path: '/deals', query, responseKey: 'deals', limit: args.limit as number, cursor: args.cursor as string}, [...columns('deals'), 'group'])
    },
  },
  {
    name: 'move_deal',
    description: 'Move a deal to a stage. Deal by id or title; stage by id or name, looked up in the deal\'s pipeline unless pipeline is given.',
    inputSchema: {
      type: 'object',
      properties: {
        deal: {type: 'string', description: 'Deal id or title'},
        stage: {type: 'string', description: 'Stage id or name'},
        pipeline: {type: 'string', description: 'Pipeline id or name, to move the deal to another pipeline'},
      },
      required: ['deal', 'stage'],
      additionalProperties: false,
    },
    annotations: annotationsFor('write', {idempotent: true, destructive: true}),
    access: 'write',
    async run(args, {client}) {
      const deal = await resolveId(client, 'deals', String(args.deal))
      const {stage, group} = await resolveStage(client, String(args.stage), {pipeline: args.pipeline ? String(args.pipeline) : undefined, deal})
      const {body} = await client.request({method: 'PUT', path: `/deals/${deal}`, body: {deal: {stage, ...(group ? {group} : {})}}})
      const answer = unwrap(body, 'deal', '/deals/{id}')
      return answer.kind === 'record' ? answer.record : body
    },
  },
  listTool('list_tags', 'Tags.', '/tags', 'tags', {parameter: 'search', text: 'Words in the tag name'}),
  listTool('list_lists', 'Lists contacts subscribe to.', '/lists', 'lists', {parameter: 'filters[name]', text: 'The list name'}),
  listTool('list_custom_fields', 'Contact custom fields (titles are what sync_contact and get_contact use).', '/fields', 'fields'),
  listTool('list_users', 'Users of the account (deal owners, task assignees).', '/users', 'users'),
  {
    name: 'list_pipelines',
    description: 'Deal pipelines, each with its stages in order (id, title).',
    inputSchema: {type: 'object', properties: {...pagingProperties}, additionalProperties: false},
    annotations: annotationsFor('read'),
    access: 'read',
    async run(args, {client}) {
      const page = await pageOf(client, {path: '/dealGroups', responseKey: 'dealGroups', limit: args.limit as number, cursor: args.cursor as string}, ['id', 'title', 'currency'])
      const stages = new Map<string, Array<{id: string; title: string; order: number}>>()
      for await (const stage of listRecords(client, {path: '/dealStages', responseKey: 'dealStages', all: true})) {
        const group = String(stage.group)
        if (!stages.has(group)) stages.set(group, [])
        stages.get(group)!.push({id: String(stage.id), title: String(stage.title), order: Number(stage.order ?? 0)})
      }

      for (const pipeline of page.records) pipeline.stages = (stages.get(String(pipeline.id)) ?? []).sort((a, b) => a.order - b.order)
      return page
    },
  },
]
