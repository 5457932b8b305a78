// POST /api/auth/token: the OAuth2 token endpoint for service accounts (client-credentials grant).
// It answers in OAuth's shapes (RFC 6749 5.1 and 5.2), not problem+json, so OAuth clients work.
import express, { type Request, type Response } from 'express';
import type { Routes } from '@marquee/kit/http';
import { OAuthError, type ClientCredentialsGrant } from '../domain/client-credentials.service.ts';
import { oauthErrorResponse, tokenRequestDoc, tokenResponse } from './token.schemas.ts';
import { readTokenRequest } from './token-request.ts';

const FORM = 'application/x-www-form-urlencoded';

/** RFC 6749 5.1: token responses, and errors too, must not be cached anywhere. */
function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}

function sendOAuthError(res: Response, err: OAuthError): void {
  let status = err.code === 'invalid_client' ? 401 : 400;
  if (err.retryAfterSeconds !== undefined) {
    status = 429;
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
  } else if (status === 401) {
    res.setHeader('WWW-Authenticate', 'Basic realm="marquee", charset="UTF-8"');
  }
  noStore(res);
  res.status(status).json({ error: err.code, error_description: err.message });
}

/**
 * The body as the app's JSON parser left it, or the form parsed here: only this route takes forms,
 * so only it pays for (and exposes) a form parser.
 */
async function parsedBody(req: Request, res: Response, bodyLimit: string): Promise<unknown> {
  if (req.is(FORM)) {
    const parse = express.urlencoded({ extended: false, limit: bodyLimit, parameterLimit: 20 });
    try {
      await new Promise<void>((resolve, reject) =>
        parse(req, res, (err?: unknown) => (err ? reject(err) : resolve())),
      );
    } catch (err) {
      if ((err as { type?: unknown }).type === 'entity.too.large') throw err;
      throw new OAuthError('invalid_request', 'The form body cannot be read.');
    }
    return req.body as unknown;
  }
  if (req.is('application/json')) return req.body as unknown;
  throw new OAuthError('invalid_request', `The body must be ${FORM} or application/json.`);
}

export function addTokenRoutes(
  routes: Routes,
  deps: { grant: ClientCredentialsGrant; bodyLimit: string },
): void {
  routes.add(
    {
      method: 'post',
      path: '/api/auth/token',
      summary:
        'OAuth2 client-credentials grant for service accounts (form or JSON body; ' +
        'client credentials by HTTP Basic or client_id/client_secret); errors are RFC 6749 5.2 JSON',
      tags: ['auth'],
      request: { body: tokenRequestDoc },
      responses: {
        200: { description: 'An access token of role service', schema: tokenResponse },
        400: {
          description: 'invalid_request or unsupported_grant_type',
          schema: oauthErrorResponse,
        },
        401: {
          description: 'invalid_client (with WWW-Authenticate: Basic)',
          schema: oauthErrorResponse,
        },
        429: {
          description:
            'invalid_client: too many failures from this client and address; Retry-After',
          schema: oauthErrorResponse,
        },
      },
    },
    async ({ req, res }) => {
      try {
        const body = await parsedBody(req, res, deps.bodyLimit);
        const request = readTokenRequest(body, req.headers.authorization);
        const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
        const issued = await deps.grant.exchange({ ...request, ip });
        noStore(res);
        res.json({
          access_token: issued.token,
          token_type: 'Bearer',
          expires_in: issued.expiresIn,
        });
      } catch (err) {
        if (err instanceof OAuthError) return sendOAuthError(res, err);
        throw err;
      }
    },
  );
}
