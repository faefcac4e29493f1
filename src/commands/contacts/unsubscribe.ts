import {contactArgument, ContactLinkCommand, linkFlag, setListStatus} from '../../lib/actions/contact-links.js'

export default class ContactsUnsubscribe extends ContactLinkCommand {
  static override summary = 'Unsubscribe a contact from lists (lists by id or name)'
  static override description = 'API: POST /contactLists with status 2, once per list.'
  static override examples = ['ac contacts unsubscribe ann@example.com --list Newsletter']
  static override args = contactArgument
  static override flags = {...ContactLinkCommand.flags, list: linkFlag('list', 'unsubscribe from')}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ContactsUnsubscribe)
    const {client, contactId, ids} = await this.target(args.contact, flags.list, 'list')
    await this.print(await setListStatus(client, contactId, ids, 2))
  }
}
