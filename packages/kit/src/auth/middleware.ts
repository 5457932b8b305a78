// Express middleware that turns `Authorization: Bearer` into res.locals.principal and enforces roles.
import type { RequestHandler, Response } from 'express';
import { AppError } from '../errors/index.ts';
import type { Principal, Role, TokenVerifier } from './principal.ts';

/** What a route asks of its caller: nothing, any valid token, or a valid token with one of these roles. */
export type AuthRequirement = true | readonly Role[] | undefined;

export interface AuthenticateOptions {
  /** When false, a request without a token passes anonymously; a token that is present must still be valid. */
  required: boolean;
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;

/** The token of an `Authorization: Bearer <token>` header (RFC 6750), or undefined when absent or malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return BEARER.exec(header)?.[1];
}

/** The caller verified by `authenticate` for this request, if any. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

/** Like `principalOf`, for code that runs only behind `authenticate({ required: true })`. */
export function requirePrincipal(res: Response): Principal {
  const principal = principalOf(res);
  if (!principal) throw new AppError('unauthenticated', 'Authentication is required.');
  return principal;
}

function challenge(res: Response, error?: 'invalid_token') {
  res.setHeader('WWW-Authenticate', error ? `Bearer error="${error}"` : 'Bearer');
}

export function authenticate(
  verifier: TokenVerifier,
  options: AuthenticateOptions,
): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    if (header === undefined) {
      if (!options.required) return next();
      challenge(res);
      throw new AppError('unauthenticated', 'Authentication is required.');
    }
    const token = bearerToken(header);
    if (!token) {
      challenge(res, 'invalid_token');
      throw new AppError('unauthenticated', 'The Authorization header must carry a bearer token.');
    }
    try {
      res.locals.principal = await verifier.verify(token);
    } catch (err) {
      if (err instanceof AppError && err.kind === 'unauthenticated')
        challenge(res, 'invalid_token');
      throw err;
    }
    next();
  };
}

/** Lets the request through only when the authenticated caller holds one of `roles`. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res);
    if (!principal) throw new AppError('unauthenticated', 'Authentication is required.');
    if (!roles.includes(principal.role))
      throw new AppError('forbidden', 'You are not allowed to do this.');
    next();
  };
}

/**
 * The handlers a route with requirement `auth` runs before its own; the route registry uses it for
 * `spec.auth`. A protected route without a verifier is a wiring mistake, reported at start-up.
 */
export function authorize(
  verifier: TokenVerifier | undefined,
  auth: AuthRequirement,
): RequestHandler[] {
  if (auth === undefined) return [];
  if (!verifier) throw new Error('A route that requires authentication needs a token verifier.');
  if (auth === true) return [authenticate(verifier, { required: true })];
  if (auth.length === 0) throw new Error('A route that requires roles must name at least one.');
  return [authenticate(verifier, { required: true }), requireRole(...auth)];
}
