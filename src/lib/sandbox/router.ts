// Method + path pattern → handler. Three layers register routes: special handlers (the API's
// own semantics), generic collection routes, and the catalogue's fallback. The most specific
// pattern wins (a literal segment beats a parameter, left to right), then the earlier layer,
// so `/lists/exclusions` beats `/lists/{id}` and `/users/me` beats `/users/{id}`.

import type {Query} from './collection.js'
import {ApiError, type ApiResponse, routeNotFound} from './errors.js'

export interface RouteRequest {
  method: string
  /** Below /api/3, no query: `/contacts/12`. */
  path: string
  query: Query
  body: unknown
  /** The body's size in bytes as received (0 or absent without a body). */
  bytes?: number
  params: Record<string, string>
}

export type Handler = (request: RouteRequest) => ApiResponse

export enum Layer { Special = 0, Generic = 1, Catalogue = 2 }

type Segment = {literal: string} | {param: string}

interface Route {
  method: string
  pattern: string
  segments: Segment[]
  layer: Layer
  handler: Handler
}

/** `/contacts/{id}/contactTags` → segments; `{x}` and `:x` are parameters; anything after a space is dropped. */
export function parsePattern(pattern: string): Segment[] {
  return pattern.trim().split(/\s/)[0].split('?')[0].split('/').filter(Boolean).map((part) => {
    const braced = /^\{(.+)\}$/.exec(part)
    if (braced) return {param: braced[1]}
    if (part.startsWith(':')) return {param: part.slice(1)}
    return {literal: part}
  })
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** Negative when `a` is more specific than `b`. */
function compareSpecificity(a: Route, b: Route): number {
  for (let index = 0; index < a.segments.length; index++) {
    const literalA = 'literal' in a.segments[index]
    const literalB = 'literal' in b.segments[index]
    if (literalA !== literalB) return literalA ? -1 : 1
  }
  return a.layer - b.layer
}

export class Router {
  private readonly routes: Route[] = []

  add(methods: string | string[], pattern: string, layer: Layer, handler: Handler): void {
    for (const method of Array.isArray(methods) ? methods : [methods]) {
      this.routes.push({method: method.toUpperCase(), pattern, segments: parsePattern(pattern), layer, handler})
    }
  }

  match(method: string, path: string): {route: Route; params: Record<string, string>} | undefined {
    const parts = path.split('/').filter(Boolean).map(decode)
    let best: {route: Route; params: Record<string, string>} | undefined
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue
      const params: Record<string, string> = {}
      const fits = route.segments.every((segment, index) => {
        if ('literal' in segment) return segment.literal === parts[index]
        params[segment.param] = parts[index]
        return true
      })
      if (fits && (!best || compareSpecificity(route, best.route) < 0)) best = {route, params}
    }
    return best
  }

  handle(request: Omit<RouteRequest, 'params'>): ApiResponse {
    const found = this.match(request.method, request.path)
    if (!found) return routeNotFound
    try {
      return found.route.handler({...request, params: found.params})
    } catch (error) {
      if (error instanceof ApiError) return error.response
      throw error
    }
  }
}
