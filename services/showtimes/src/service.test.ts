// Starting without what the service needs stops at once with a message naming the variable.
import { ConfigError } from '@marquee/kit/config';
import { describe, expect, it } from 'vitest';
import { startShowtimes } from './service.ts';

const variablesOf = (err: unknown) => (err as ConfigError).problems.map((p) => p.variable);

describe('startShowtimes configuration', () => {
  it('requires CATALOG_URL', async () => {
    const err = await startShowtimes({ JWKS_URL: 'http://identity/.well-known/jwks.json' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect(variablesOf(err)).toEqual(['CATALOG_URL']);
    expect((err as Error).message).toContain(
      "CATALOG_URL: is required: the catalog service's base URL",
    );
  });

  it('requires JWKS_URL unless a verifier is handed in', async () => {
    const err = await startShowtimes({ CATALOG_URL: 'http://catalog:8080' }).catch(
      (e: unknown) => e,
    );
    expect(variablesOf(err)).toEqual(['JWKS_URL']);
  });

  it('names a bad value', async () => {
    const err = await startShowtimes({
      CATALOG_URL: 'not a url',
      HOLD_TTL_SECONDS: '5',
    }).catch((e: unknown) => e);
    expect(variablesOf(err).sort()).toEqual(['CATALOG_URL', 'HOLD_TTL_SECONDS']);
  });
});
