// Starting without what the service needs, or with values that contradict, stops at once with a
// message naming the variable.
import { ConfigError } from '@marquee/kit/config';
import { describe, expect, it } from 'vitest';
import { paymentsConfigSchema } from './config.ts';
import { startPayments } from './service.ts';

const variablesOf = (err: unknown) => (err as ConfigError).problems.map((p) => p.variable);

describe('startPayments configuration', () => {
  it('requires JWKS_URL unless a verifier is handed in', async () => {
    const err = await startPayments({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(variablesOf(err)).toEqual(['JWKS_URL']);
  });

  it('names bad values', async () => {
    const err = await startPayments({
      JWKS_URL: 'http://identity/.well-known/jwks.json',
      MOCK_PROVIDER_SLOW_MS: 'slow',
      PAYMENT_PROVIDER: 'stripe',
    }).catch((e: unknown) => e);
    expect(variablesOf(err).sort()).toEqual(['MOCK_PROVIDER_SLOW_MS', 'PAYMENT_PROVIDER']);
  });

  it('refuses a processing timeout shorter than the slow card', async () => {
    const err = await startPayments({
      JWKS_URL: 'http://identity/.well-known/jwks.json',
      MOCK_PROVIDER_SLOW_MS: '10000',
      PROCESSING_TIMEOUT_SECONDS: '5',
    }).catch((e: unknown) => e);
    expect(variablesOf(err)).toEqual(['PROCESSING_TIMEOUT_SECONDS']);
  });

  it('has defaults for everything but the JWKS', () => {
    expect(paymentsConfigSchema.parse({})).toMatchObject({
      PAYMENT_PROVIDER: 'mock',
      MOCK_PROVIDER_SLOW_MS: 10_000,
      PROCESSING_TIMEOUT_SECONDS: 60,
      IDEMPOTENCY_WAIT_MS: 5_000,
    });
  });
});
