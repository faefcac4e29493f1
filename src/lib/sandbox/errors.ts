// Answers and the error bodies the real API uses. Handlers throw ApiError anywhere; the
// router turns it into the answer, so validation deep in the store layer needs no plumbing.

export interface ApiResponse {
  status: number
  /** undefined: no body at all (custom-object DELETE's 202). */
  body?: unknown
  headers?: Record<string, string>
  /** JSON body sent without a Content-Type header, as the real API does on its 403s. */
  omitContentType?: boolean
}

export class ApiError extends Error {
  constructor(readonly response: ApiResponse) {
    super(`sandbox answer ${response.status}`)
  }
}

export function json(status: number, body: unknown): ApiResponse {
  return {status, body}
}

export function notFound(model: string, id: string): ApiError {
  return new ApiError(json(404, {message: `No Result found for ${model} with id ${id}`}))
}

/** Newer resources (custom objects) answer a bare `{"message":"Not Found"}`. */
export function modernNotFound(): ApiError {
  return new ApiError(json(404, {message: 'Not Found'}))
}

export const routeNotFound: ApiResponse = {status: 404, body: {message: 'No Result found for route'}}

export const forbidden: ApiResponse = {
  status: 403,
  body: {message: 'You are not authorized to access this resource'},
  omitContentType: true,
}

export type ValidationCode = 'duplicate' | 'field_missing' | 'field_invalid' | 'related_missing' | 'email_invalid'

export interface ValidationEntry {
  title: string
  detail: string
  code: ValidationCode
  source: {pointer: string}
}

export function validationEntry(code: ValidationCode, title: string, field: string, detail = ''): ValidationEntry {
  return {title, detail, code, source: {pointer: `/data/attributes/${field}`}}
}

export function unprocessable(...entries: ValidationEntry[]): ApiError {
  return new ApiError(json(422, {errors: entries}))
}

export function invalid(code: ValidationCode, title: string, field: string, detail = ''): ApiError {
  return unprocessable(validationEntry(code, title, field, detail))
}
