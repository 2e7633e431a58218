/** Errors the services raise for the CLI and HTTP layers to translate. */
export class ValidationError extends Error {
  readonly code = 'bad_parameter';
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class NotFoundError extends Error {
  readonly code = 'not_found';
}
