/** The one error middleware: every failure leaves as { error: { code, message, details } }. */
import type { ErrorRequestHandler } from 'express';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { ClientError } from './client-error.js';

export const errorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  // An export that fails mid-stream has already sent its headers: all that is left is to cut it short.
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err instanceof ValidationError) {
    res.status(400).json({ error: { code: err.code, message: err.message, details: err.details ?? {} } });
  } else if (err instanceof ClientError) {
    res.status(err.status).json({ error: { code: err.type, message: err.message, details: err.details } });
  } else if (err instanceof NotFoundError) {
    res.status(404).json({ error: { code: err.code, message: err.message, details: {} } });
  } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
    // body-parser and friends: too large, malformed
    res.status(err.status).json({ error: { code: err.type ?? 'bad_request', message: err.message, details: {} } });
  } else {
    console.error(err);
    res.status(500).json({ error: { code: 'internal', message: 'internal error', details: {} } });
  }
};
