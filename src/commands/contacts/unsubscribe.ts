import {listStatusCommand} from '../../lib/actions/contact-links.js'

export default listStatusCommand('unsubscribe')
