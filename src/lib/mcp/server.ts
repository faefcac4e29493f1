import {Server} from '@modelcontextprotocol/sdk/server/index.js'
import {StdioServerTransport} from '@modelcontextprotocol/sdk/server/stdio.js'
import {CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult} from '@modelcontextprotocol/sdk/types.js'
import {Ajv} from 'ajv'

import {ApiClient} from '../client/client.js'
import {normaliseBaseUrl} from '../client/url.js'
import {guardRails} from '../command/guard-rails.js'
import {forgettingNames} from '../names/cache.js'
import {usageError} from '../errors.js'
import type {Credentials} from '../profiles.js'
import {accountTools} from './account-tools.js'
import {answerText, errorText} from './answers.js'
import {catalogueTools} from './catalogue-tools.js'
import {contactTools} from './contact-tools.js'
import {admit, type Permissions} from './guard.js'
import type {Arguments, Tool} from './tool.js'

// `ac mcp`: the tools over stdio. One session, one client: the same pacing, retries, write
// cap and audit log as a command, created at the first call, once the client has said who
// it is (initialize's clientInfo), so that the audit log can name it.

export interface McpOptions {
  credentials: Credentials
  permissions: Permissions
  /** --read-only: refuses changes even with --allow-writes. */
  readOnly?: boolean
  maxWrites?: number
  /** The words after `ac`, for the audit log. */
  argv: string[]
  version: string
  /** One line per request, to stderr (--debug). */
  trace?: (line: string) => void
}

export function allTools(): Tool[] {
  return [...contactTools, ...accountTools, ...catalogueTools]
}

function instructions(permissions: Permissions): string {
  const writes = permissions.writes ? (permissions.deletes ? 'Changes and deletes are allowed.' : 'Changes are allowed; deletes and bulk changes are refused (--allow-deletes).') : 'Read-only: changes are refused (--allow-writes).'
  return `ActiveCampaign account tools. Names work wherever ids go (tags, lists, pipelines, stages, users, contacts by email). Lists answer a page of records with nextCursor. For anything else: search_operations, describe_operation, call_operation. ${writes}`
}

export async function serveMcp(options: McpOptions): Promise<void> {
  const tools = allTools()
  const byName = new Map(tools.map((tool) => [tool.name, tool]))
  const ajv = new Ajv({allErrors: true, strict: false})
  const validators = new Map(tools.map((tool) => [tool.name, ajv.compile(tool.inputSchema)]))
  const {credentials, permissions} = options
  // The low-level Server: our tools come with JSON Schemas from the catalogue, not zod shapes.
  const server = new Server({name: 'ac', version: options.version}, {capabilities: {tools: {}}, instructions: instructions(permissions)})

  let client: ApiClient | undefined
  const session = () => {
    if (client) return client
    const caller = server.getClientVersion()
    const rails = guardRails(credentials, {readOnly: options.readOnly, maxWrites: options.maxWrites, argv: options.argv, id: 'mcp', client: caller ? `${caller.name} ${caller.version}`.trim() : 'unknown MCP client'})
    const baseUrl = normaliseBaseUrl(credentials.url)
    client = new ApiClient({
      baseUrl,
      token: credentials.token,
      trace: options.trace,
      userAgent: `ac-cli/${options.version} (mcp)`,
      ...rails,
      audit: forgettingNames(rails.audit, credentials.profile, baseUrl),
      // A backstop under the tools' own checks: without --allow-writes the client sends no change at all.
      readOnly: rails.readOnly ?? (permissions.writes ? undefined : 'ac mcp was started without --allow-writes'),
    })
    return client
  }

  // Nothing an agent reads may carry the token, whatever an API message echoes.
  const scrub = (text: string) => (credentials.token ? text.replaceAll(credentials.token, '***') : text)
  const failed = (error: unknown): CallToolResult => ({isError: true, content: [{type: 'text', text: scrub(errorText(error))}]})

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: tools.map(({name, description, inputSchema, annotations}) => ({name, description, inputSchema: inputSchema as {type: 'object'}, annotations})),
  }))

  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const tool = byName.get(request.params.name)
    if (!tool) return failed(usageError(`No tool named "${request.params.name}"`, `Tools: ${[...byName.keys()].join(', ')}`))
    const args = (request.params.arguments ?? {}) as Arguments
    try {
      admit(tool.access, permissions, tool.name)
      const check = validators.get(tool.name)!
      if (!check(args)) throw usageError(`Invalid arguments for ${tool.name}: ${ajv.errorsText(check.errors, {dataVar: 'arguments'})}`)
      const value = await tool.run(args, {client: session(), admit: (access, what) => admit(access, permissions, what)})
      return {content: [{type: 'text', text: scrub(answerText(value))}]}
    } catch (error) {
      return failed(error)
    }
  })

  const transport = new StdioServerTransport()
  const closed = new Promise<void>((resolve) => (server.onclose = resolve))
  // The client closing our stdin is the end of the session: exit cleanly, not on a broken pipe later.
  process.stdin.once('end', () => void server.close())
  await server.connect(transport)
  await closed
}
