import {Args, Flags} from '@oclif/core'

import {AcCommand} from '../../lib/command/base.js'
import {mutationFlags, outputFlags} from '../../lib/command/flags.js'
import {AcError, ExitCode, usageError} from '../../lib/errors.js'
import {eventTypes, webhookSources} from '../../lib/webhooks/payload.js'

export default class WebhooksTrigger extends AcCommand {
  static override summary = 'Send one realistic webhook of an event to a URL, as your account would'
  static override description = `For developing and testing a webhook receiver without waiting for the account to act. The body is form-encoded with the account's own field names (contact[email], deal[stage_title]...).
Fields come from the records you name (--contact, --deal: looked up through your profile), else from sample data; --data key=value sets any field. Prints what it sent and the receiver's answer; a receiver answering other than 2xx is exit 1.
Events: ${eventTypes.join(', ')}.`

  static override examples = [
    'ac webhooks trigger deal_update --url http://127.0.0.1:4242/hooks',
    'ac webhooks trigger contact_tag_added --url http://127.0.0.1:4242/hooks --contact ann@example.com --data tag=VIP',
    'ac webhooks trigger subscribe --url https://example.com/hooks --data list=3 --dry-run',
  ]

  static override args = {
    event: Args.string({description: 'The event to send', required: true, options: eventTypes}),
  }

  static override flags = {
    url: Flags.string({description: 'Where to send it (your receiver, or `ac webhooks listen`)', required: true}),
    contact: Flags.string({description: "Fill the contact fields from this contact (ID or email)"}),
    deal: Flags.string({description: 'Fill the deal fields (and its contact) from this deal (ID)'}),
    data: Flags.string({description: 'Set a field: key=value, with the payload\'s own keys (repeatable), e.g. "contact[email]=ann@example.com"', multiple: true}),
    source: Flags.string({description: 'Who caused it, as initiated_by says', options: [...webhookSources], default: 'api'}),
    ...mutationFlags,
    ...outputFlags,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(WebhooksTrigger)
    const {payloadFor, sendPayload} = await import('../../lib/webhooks/trigger.js')
    checkUrl(flags.url)
    const named = flags.contact !== undefined || flags.deal !== undefined
    const pairs = await payloadFor({event: args.event, contact: flags.contact, deal: flags.deal, data: flags.data ?? [], source: flags.source}, named ? () => this.client() : undefined)
    const fields = Object.fromEntries(pairs)
    const machine = this.outputFormat === 'json' || !process.stdout.isTTY
    const {printValue} = await import('../../lib/output/index.js')
    if (this.dryRun) {
      if (machine) await printValue({event: args.event, url: flags.url, fields}, this.outputOptions())
      else process.stdout.write(`Would send ${args.event} to ${flags.url}:\n${block(pairs)}`)
      return
    }

    const sent = await sendPayload(flags.url, pairs, (this.common.timeout ?? 10) * 1000)
    if (machine) await printValue({event: args.event, url: flags.url, status: sent.status, ms: sent.ms, fields}, this.outputOptions())
    else process.stdout.write(`Sent ${args.event} to ${flags.url}: ${sent.status} in ${sent.ms} ms\n${block(pairs)}`)
    if (sent.status < 200 || sent.status > 299) {
      throw new AcError(`The receiver at ${flags.url} answered ${sent.status}${sent.answer ? `: ${sent.answer.replaceAll(/\s+/g, ' ').trim()}` : ''}`, {code: 'receiver', exitCode: ExitCode.failure})
    }
  }
}

function checkUrl(url: string): void {
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {}

  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw usageError(`--url must be an http(s) URL, got "${url}"`)
  }
}

function block(pairs: Array<[string, string]>): string {
  const width = Math.max(...pairs.map(([key]) => key.length))
  return pairs.map(([key, value]) => `  ${key.padEnd(width)}  ${value}\n`).join('')
}
