import {contactArgument, ContactLinkCommand, linkFlag, setListStatus} from '../../lib/actions/contact-links.js'

export default class ContactsSubscribe extends ContactLinkCommand {
  static override summary = 'Subscribe a contact to lists (lists by id or name)'
  static override description = 'API: POST /contactLists with status 1, once per list.'
  static override examples = ['ac contacts subscribe ann@example.com --list Newsletter']
  static override args = contactArgument
  static override flags = {...ContactLinkCommand.flags, list: linkFlag('list', 'subscribe to')}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ContactsSubscribe)
    const {client, contactId, ids} = await this.target(args.contact, flags.list, 'list')
    await this.print(await setListStatus(client, contactId, ids, 1))
  }
}
