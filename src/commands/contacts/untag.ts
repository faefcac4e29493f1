import {contactArgument, ContactLinkCommand, linkFlag, linkLine, removeTags} from '../../lib/actions/contact-links.js'

export default class ContactsUntag extends ContactLinkCommand {
  static override summary = 'Remove tags from a contact (tags by id or name)'
  static override description = 'API: GET /contacts/{id}/contactTags, then DELETE /contactTags/{id} for each link. A tag the contact does not have is reported on stderr and is not an error. Prints the links removed.'
  static override examples = ['ac contacts untag ann@example.com --tag VIP']
  static override args = contactArgument
  static override flags = {...ContactLinkCommand.flags, tag: linkFlag('tag', 'remove')}

  async run(): Promise<void> {
    const {contact, names} = await this.inputs(ContactsUntag, 'tag', true)
    const {client, contactId, ids} = await this.target(contact, names, 'tag')
    const {removed, absent} = await removeTags(client, contactId, ids)
    if (absent.length > 0) process.stderr.write(`Contact ${contactId} did not have tag ${absent.join(', ')}\n`)
    // The links removed (`-o json`: what was untagged); on a terminal, a line saying so.
    await this.print(removed, linkLine('Untagged', contact, 'from', 'tag', names))
  }
}
