// Path and query parameters: merged from both sources, names cleaned, flags chosen.

import {HIDDEN_QUERY, QUERY_FLAGS, RESERVED_FLAGS} from './names.js'
import {compact, kebab, placeholders, describeLine} from './util.js'

/** The API's real name for a documented query parameter name. */
function cleanName(p) {
  let name = String(p.name).trim()
  name = name.replace(/^\[\](\w+)$/, '$1[]') // `[]ids` → `ids[]`
  name = name.replace(/^fitlers\[/i, 'filters[') // the text's typo
  name = name.replace(/=.*$/, '') // `exclude=email`
  if (name === 'ids' && /ids\[\]/.test(p.description || '')) name = 'ids[]'
  return name
}

function describe(text) {
  const s = describeLine(text || '')
  return s || undefined
}

/** Which runtime flag a query parameter is set by. */
export function queryFlag(name) {
  if (/^filters?(\[|$)/.test(name)) return 'filter'
  if (/^orders(\[|$)/.test(name)) return 'sort'
  if (QUERY_FLAGS[name]) return QUERY_FLAGS[name]
  const flag = kebab(name)
  return RESERVED_FLAGS.has(flag) ? `query-${flag}` : flag
}

/**
 * Builds pathParams from the canonical names and each source's own placeholder names.
 * `sources` are parsed operations ({path, params}) for the same method + path.
 */
export function buildPathParams(canonical, sources) {
  return canonical.map((name, i) => {
    let found
    for (const s of sources) {
      const raw = placeholders(s.path)[i]
      found = s.params.find((p) => p.in === 'path' && p.name && raw && p.name.toLowerCase() === raw.toLowerCase())
      if (found) break
    }
    return compact({
      name,
      flag: kebab(name),
      type: found?.type === 'integer' ? 'integer' : 'string',
      required: true,
      description: describe(found?.description),
    })
  })
}

/**
 * Builds the query parameters. Returns {query, paging, dotted}: paging is true when the
 * sources document limit/offset; dotted are `root.field` parameters that belong in the body.
 */
export function buildQuery(sources) {
  const byName = new Map()
  const dotted = []
  let paging = false
  for (const s of sources) {
    for (const p of s.params) {
      if (!p.name || (p.in !== 'query' && p.in !== 'header')) continue
      const name = cleanName(p)
      if (/^[A-Za-z]\w*\.\w+$/.test(name)) {
        if (!dotted.some((d) => d.name === name)) dotted.push({...p, name})
        continue
      }
      if (p.in !== 'query') continue // Content-Type, Api-Token, validateOnly...
      if (name === 'limit' || name === 'offset') paging = true
      if (HIDDEN_QUERY.has(name)) continue
      const prev = byName.get(name)
      if (prev) {
        prev.required ||= p.required
        prev.description ??= describe(p.description)
        continue
      }
      const flag = queryFlag(name)
      const multiple = name.endsWith('[]') || (p.array && flag !== 'filter' && flag !== 'sort')
      byName.set(name, {
        name,
        flag,
        type: p.array ? 'string' : p.type,
        required: Boolean(p.required),
        multiple: multiple || undefined,
        description: describe(p.description),
      })
    }
  }
  // Arrays of integers (`dealIds[]`): the item type is what a flag value holds.
  for (const q of byName.values()) if (q.multiple && /ids?\[\]$/i.test(q.name)) q.type = 'integer'
  const query = [...byName.values()].map((q) =>
    compact({name: q.name, flag: q.flag, type: q.type, required: q.required, multiple: q.multiple, description: q.description}),
  )
  return {query, paging, dotted}
}
