import {AcCommand} from '../../lib/command/base.js'

export default class SeedSchema extends AcCommand {
  static override summary = 'Print the JSON Schema of fixture files, for editors'
  static override description = 'The same schema `ac seed apply` checks a fixture against. It also ships in the package as schema/fixture.schema.json; point your editor at it (a `# yaml-language-server: $schema=...` line on top of a YAML fixture).'
  static override examples = ['ac seed schema', 'ac seed schema > fixture.schema.json']
  static override baseFlags = {}

  async run(): Promise<void> {
    await this.parse(SeedSchema)
    const {fixtureSchema} = await import('../../lib/seed/schema.js')
    process.stdout.write(JSON.stringify(fixtureSchema(), null, 2) + '\n')
  }
}
