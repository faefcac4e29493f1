import {contactArgument, addTags, ContactLinkCommand, linkFlag, linkLine} from '../../lib/actions/contact-links.js'

export default class ContactsTag extends ContactLinkCommand {
  static override summary = 'Add tags to a contact (tags by id or name; adding one twice is harmless)'
  static override description = 'API: POST /contactTags, once per tag.'
  static override examples = ['ac contacts tag ann@example.com --tag VIP', 'ac contacts tag 12 -t VIP -t Customer']
  static override args = contactArgument
  static override flags = {...ContactLinkCommand.flags, tag: linkFlag('tag', 'add')}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ContactsTag)
    const {client, contactId, ids} = await this.target(args.contact, flags.tag, 'tag')
    await this.print(await addTags(client, contactId, ids), linkLine('Tagged', args.contact, 'with', 'tag', flags.tag))
  }
}
