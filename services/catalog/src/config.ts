// The catalog's configuration: the shared variables plus where to find identity's signing keys.
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '@marquee/kit/auth';
import { baseConfigShape, booleanFlag, optionalUrl } from '@marquee/kit/config';
import { z } from 'zod';

export const catalogConfigSchema = z.object({
  ...baseConfigShape,
  /** Identity's JWKS, e.g. http://identity:8080/.well-known/jwks.json. Needed unless a verifier is handed in. */
  JWKS_URL: optionalUrl(),
  JWT_ISSUER: z.string().min(1).default(ACCESS_TOKEN_ISSUER),
  JWT_AUDIENCE: z.string().min(1).default(ACCESS_TOKEN_AUDIENCE),
  /** Load the demo theaters, screens and movies when the catalog is empty. */
  SEED_DEMO_DATA: booleanFlag.default(false),
});

export type CatalogConfig = z.output<typeof catalogConfigSchema>;
