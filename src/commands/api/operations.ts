import {Flags} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {outputFlags} from '../../lib/command/flags.js'
import {listSink} from '../../lib/output/index.js'
import {operations} from '../../lib/spec/catalogue.js'

export default class ApiOperations extends AcCommand {
  static override summary = 'List every API operation ac reaches, with the command for it'
  static override description = 'The catalogue generated from the v3 reference and OpenAPI file. --search matches the path, summary or command, case-insensitively.'
  static override examples = ['ac api operations', 'ac api operations --search bounceLogs', 'ac api operations --json | jq length']
  static override flags = {
    search: Flags.string({char: 's', description: 'Only operations whose path, summary or command contains this'}),
    method: Flags.string({description: 'Only this HTTP method', options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']}),
    ...outputFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ApiOperations)
    const wanted = flags.search?.toLowerCase()
    const sink = listSink(this.outputOptions(['method', 'path', 'command', 'summary']))
    for (const operation of operations()) {
      const command = `ac ${operation.command.replaceAll(':', ' ')}`
      if (flags.method && operation.method !== flags.method) continue
      if (wanted && ![operation.path, operation.summary, command].some((text) => text.toLowerCase().includes(wanted))) continue
      await sink.add({method: operation.method, path: operation.path, command, summary: operation.summary})
    }

    await sink.end()
  }
}
