// The catalog's configuration: defaults for token checks, and bad values named by variable.
import { ConfigError, parseConfig } from '@marquee/kit/config';
import { describe, expect, it } from 'vitest';
import { catalogConfigSchema } from './config.ts';

describe('catalogConfigSchema', () => {
  it('defaults the token issuer and audience and reads the JWKS URL', () => {
    const config = parseConfig(catalogConfigSchema, {
      JWKS_URL: 'http://identity:8080/.well-known/jwks.json',
    });
    expect(config).toMatchObject({
      JWKS_URL: 'http://identity:8080/.well-known/jwks.json',
      JWT_ISSUER: 'marquee-identity',
      JWT_AUDIENCE: 'marquee',
      SEED_DEMO_DATA: false,
    });
  });

  it('names each bad variable', () => {
    let thrown: unknown;
    try {
      parseConfig(catalogConfigSchema, { JWKS_URL: 'not a url', SEED_DEMO_DATA: 'maybe' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
      'JWKS_URL',
      'SEED_DEMO_DATA',
    ]);
  });
});
