/**
 * A refusal that belongs to the HTTP layer itself (401, 403, 413, 415, and
 * 503 when busy), with no domain error behind it. The one error middleware
 * sends it as { error: { code: type, message, details } }.
 */
export class ClientError extends Error {
  readonly expose = true;
  constructor(
    readonly status: 401 | 403 | 413 | 415 | 503,
    readonly type: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
