// /.well-known/jwks.json: the public keys every service verifies access tokens with.
import type { Routes } from '@marquee/kit/http';
import { jwksOf, type SigningKey } from '../domain/signing-keys.ts';
import { jwksResponse } from './schemas.ts';

/** How long verifiers and caches may keep the key set; they refetch sooner on an unknown kid. */
const JWKS_MAX_AGE_SECONDS = 300;

export function addJwksRoutes(routes: Routes, deps: { keys: readonly SigningKey[] }): void {
  const body = JSON.stringify(jwksOf(deps.keys));
  routes.add(
    {
      method: 'get',
      path: '/.well-known/jwks.json',
      summary: 'Public keys of the access-token signer (JWKS, RFC 7517)',
      tags: ['auth'],
      responses: { 200: { description: 'The key set', schema: jwksResponse } },
    },
    ({ res }) => {
      res.setHeader('Cache-Control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`);
      res.type('application/jwk-set+json').send(body);
    },
  );
}
