// The spec often says "See available values" and links a page the terminal cannot show:
// where the values matter to scripts, say them; elsewhere drop the dead pointer.

const VALUES = {
  'contacts status': '-1 any, 0 unconfirmed, 1 active, 2 unsubscribed, 3 bounced',
  'deals status': '0 open, 1 won, 2 lost',
  'deals filters[status]': '0 open, 1 won, 2 lost',
}

const deadPointer = /\.?\s*See available values\.?$/i

function note(resource, parameter) {
  if (!parameter.description || !deadPointer.test(parameter.description)) return
  const values = VALUES[`${resource} ${parameter.name}`]
  const text = parameter.description.replace(deadPointer, '')
  parameter.description = values ? `${text ? `${text}: ` : ''}${values}` : text || undefined
  if (!parameter.description) delete parameter.description
}

/** Rewrites, in place, every parameter and body field description that points at a values page. */
export function noteValues(operations) {
  for (const operation of operations) {
    for (const parameter of [...operation.query, ...(operation.body?.fields ?? [])]) note(operation.resource, parameter)
  }
}
