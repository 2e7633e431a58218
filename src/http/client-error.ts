/**
 * A refusal that belongs to the HTTP layer itself (401, 403, 413, 415), with
 * no domain error behind it. It carries what errors.ts already reads from
 * body-parser's errors, `status` and `type`, so the one error middleware sends
 * it as { error: { code: type, message, details } } unchanged.
 */
export class ClientError extends Error {
  readonly expose = true;
  constructor(
    readonly status: 401 | 403 | 413 | 415,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}
