import {usageError} from '../errors.js'

// Where a record lives in the ActiveCampaign web app, for `get --web`. The app is at
// https://ACCOUNT.activehosted.com, ACCOUNT being the first label of the API host
// (acme.api-us1.com → acme); AC_APP_URL names another (a custom domain, or a test).

/** The app page of one record, by resource: `{id}` is the record's id. */
export const webPages: Record<string, string> = {
  contacts: '/app/contacts/{id}',
  deals: '/app/deals/{id}',
  accounts: '/app/accounts/{id}',
  lists: '/app/contacts/?listid={id}',
  tags: '/app/contacts/?tagid={id}',
  campaigns: '/app/campaigns/{id}',
  automations: '/app/automations/{id}',
  forms: '/app/forms/{id}',
  segments: '/app/contacts/?segmentid={id}',
}

/** The app's address for an API URL, or a usage error where there is no app (the sandbox). */
export function appBase(apiUrl: string): string {
  const given = process.env.AC_APP_URL?.trim()
  if (given) return given.replace(/\/+$/, '')
  const host = new URL(apiUrl).hostname
  const account = /^([a-z\d][a-z\d-]*)\.(?:api-[a-z]+\d+\.com|activehosted\.com)$/i.exec(host)?.[1]
  if (!account) {
    throw usageError(`${host} has no ActiveCampaign web app to open: --web needs an account URL like https://ACCOUNT.api-us1.com`, 'Set AC_APP_URL to the app address if your account has its own domain')
  }

  return `https://${account.toLowerCase()}.activehosted.com`
}

export function webAddress(apiUrl: string, resource: string, id: string): string {
  return appBase(apiUrl) + webPages[resource].replace('{id}', encodeURIComponent(id))
}
