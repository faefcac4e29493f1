import type {ApiClient} from '../client/client.js'
import type {Access, ToolAnnotations} from './guard.js'
import type {JsonSchema} from './schema.js'

// The shape of one MCP tool in ac: what tools/list shows, and what tools/call runs.

export type Arguments = Record<string, unknown>

export interface ToolContext {
  /** The session's one client: its pacing, retries, write cap and audit log. */
  client: ApiClient
  /** Throws the refusal naming the flag that would allow it (for tools whose access depends on their arguments). */
  admit: (access: Access, what: string) => void
}

export interface Tool {
  name: string
  description: string
  inputSchema: JsonSchema
  annotations: ToolAnnotations
  /** Checked before run, so a refused call sends nothing, not even a name look-up. */
  access: Access
  run: (args: Arguments, context: ToolContext) => Promise<unknown>
}
