import {contactArgument, addTags, ContactLinkCommand, linkFlag, linkLine} from '../../lib/actions/contact-links.js'

export default class ContactsTag extends ContactLinkCommand {
  static override summary = 'Add tags to a contact (tags by id or name; adding one twice is harmless)'
  static override description = 'API: POST /contactTags, once per tag.'
  static override examples = ['ac contacts tag ann@example.com --tag VIP', 'ac contacts tag 12 -t VIP -t Customer']
  static override args = contactArgument
  static override flags = {...ContactLinkCommand.flags, tag: linkFlag('tag', 'add')}

  async run(): Promise<void> {
    const {contact, names} = await this.inputs(ContactsTag, 'tag', false)
    const {client, contactId, ids} = await this.target(contact, names, 'tag')
    await this.print(await addTags(client, contactId, ids), linkLine('Tagged', contact, 'with', 'tag', names))
  }
}
