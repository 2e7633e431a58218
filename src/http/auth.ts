/**
 * Bearer-token guard for the write endpoints. It runs before anything reads
 * the request body, so an unauthenticated client cannot make the server
 * spool an upload to disk.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ValidationError } from '../domain/errors.js';
import { ClientError } from './client-error.js';

export const UPLOADS_DISABLED = 'uploads are disabled: start the server with CREWCOUNT_TOKEN set';

/**
 * Hashing both sides first gives timingSafeEqual two buffers of the same
 * length whatever was sent, so neither the token's characters nor its length
 * can be learnt from how long a refusal takes.
 */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** RFC 6750's token68: the characters a bearer token may have in an Authorization header. */
const TOKEN68 = '[A-Za-z0-9\\-._~+/]+=*';

/** `Bearer <token>` (scheme case-insensitive, token68 characters); anything else is malformed. */
function bearerToken(header: string | undefined): string | null {
  const match = new RegExp(`^Bearer +(${TOKEN68}) *$`, 'i').exec(header ?? '');
  return match ? match[1]! : null;
}

/**
 * A token no client could send (a space, say, or "!") would leave uploads
 * announced as on and every one refused as malformed: refused at start-up instead.
 */
export function checkToken(token: string | undefined): void {
  if (!token || new RegExp(`^${TOKEN68}$`).test(token)) return; // unset or empty: uploads off
  throw new ValidationError(
    'CREWCOUNT_TOKEN may hold only letters, digits and - . _ ~ + / (and = at its end), the characters a client can send in an "Authorization: Bearer" header; make one with: openssl rand -hex 24',
  );
}

/** `token` unset or empty: every request is refused with 403, since there is no secret to check against. */
export function requireToken(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (!token) {
      next(new ClientError(403, 'uploads_disabled', UPLOADS_DISABLED));
      return;
    }
    const header = req.get('authorization');
    const given = bearerToken(header);
    if (given === null) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="crewcount"');
      const message = header ? 'malformed Authorization header: expected "Bearer <token>"' : 'missing Authorization header: send "Authorization: Bearer <token>"';
      next(new ClientError(401, 'unauthorized', message));
      return;
    }
    if (!tokensMatch(given, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="crewcount", error="invalid_token"');
      next(new ClientError(401, 'unauthorized', 'wrong token'));
      return;
    }
    next();
  };
}
