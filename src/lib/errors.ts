// Errors are values with a status, a code and an exit code until the edge of the program:
// only the command base (src/lib/command/base.ts) turns them into a line on stderr.

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  rejected: 5,
  interrupted: 130,
} as const

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

export interface AcErrorOptions {
  /** A stable machine-readable code: `not_found`, `duplicate`, `usage`, `unauthorized`, ... */
  code: string
  exitCode: ExitCodeValue
  /** The HTTP status when the error came from the API. */
  status?: number
  /** Where in the request the API found the problem (`/data/attributes/email`). */
  pointer?: string
  /** What to do about it, appended to the message. */
  hint?: string
  cause?: unknown
  /** The API's answer, for callers that act on its details (the importer's `failureReasons`). */
  body?: unknown
}

export class AcError extends Error {
  readonly code: string
  readonly exitCode: ExitCodeValue
  readonly status?: number
  readonly pointer?: string
  readonly hint?: string
  readonly body?: unknown
  /** The command already put this error in its own JSON output: do not print a second document. */
  inJsonOutput = false

  constructor(message: string, options: AcErrorOptions) {
    super(message, {cause: options.cause})
    this.name = 'AcError'
    this.code = options.code
    this.exitCode = options.exitCode
    this.status = options.status
    this.pointer = options.pointer
    this.hint = options.hint
    this.body = options.body
  }

  /**
   * The one line the user sees after `Error: `. Messages quote what the user typed; a newline
   * or control character in it is shown escaped (`\n`), so the line stays one line.
   */
  get line(): string {
    const line = this.hint ? `${this.message}. ${this.hint}` : this.message
    return line.replaceAll(/[\u0000-\u001F\u007F]/g, (character) => JSON.stringify(character).slice(1, -1))
  }

  toJSON(): {error: {code: string; status?: number; message: string; pointer?: string}} {
    return {error: {code: this.code, status: this.status, message: this.line, pointer: this.pointer}}
  }
}

/** Bad input caught before any request: exit 2. */
export function usageError(message: string, hint?: string): AcError {
  return new AcError(message, {code: 'usage', exitCode: ExitCode.usage, hint})
}
