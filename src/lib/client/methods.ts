// Apart from client.ts so that help and flag definitions can ask without loading got.

/** Whether a request may change something (dry runs print these instead of sending them). */
export function changesState(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())
}
