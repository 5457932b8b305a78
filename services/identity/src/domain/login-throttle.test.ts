// The login throttle's rules with the in-memory backend.
import { describe, expect, it } from 'vitest';
import { AppError } from '@marquee/kit/errors';
import { createLoginThrottle } from './login-throttle.ts';

const limits = {
  maxFailuresPerAccount: 3,
  accountWindowSeconds: 900,
  maxFailuresPerIp: 5,
  ipWindowSeconds: 3600,
};

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe('login throttle (memory)', () => {
  it('blocks an account after its limit of failures, with a retry delay within the window', async () => {
    const throttle = createLoginThrottle({ backend: { kind: 'memory' }, limits });
    const attempt = { email: 'a@example.com', ip: '10.0.0.1' };
    for (let i = 0; i < 3; i++) {
      await throttle.assertAllowed(attempt);
      await throttle.recordFailure(attempt);
    }
    const err = await rejection(throttle.assertAllowed(attempt));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterSeconds).toBeGreaterThan(0);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(900);
    // The same account is blocked from any address; another account from the same address is not.
    await expect(throttle.assertAllowed({ ...attempt, ip: '10.0.0.2' })).rejects.toThrow(AppError);
    await expect(
      throttle.assertAllowed({ email: 'b@example.com', ip: '10.0.0.1' }),
    ).resolves.toBeUndefined();
  });

  it('a success clears the account count', async () => {
    const throttle = createLoginThrottle({ backend: { kind: 'memory' }, limits });
    const attempt = { email: 'a@example.com', ip: '10.0.0.1' };
    await throttle.recordFailure(attempt);
    await throttle.recordFailure(attempt);
    await throttle.recordSuccess(attempt);
    await throttle.recordFailure(attempt);
    await throttle.recordFailure(attempt);
    await expect(throttle.assertAllowed(attempt)).resolves.toBeUndefined();
  });

  it('blocks an address after its limit of failures across accounts', async () => {
    const throttle = createLoginThrottle({ backend: { kind: 'memory' }, limits });
    for (let i = 0; i < 5; i++)
      await throttle.recordFailure({ email: `u${i}@example.com`, ip: '10.0.0.9' });
    const err = await rejection(
      throttle.assertAllowed({ email: 'new@example.com', ip: '10.0.0.9' }),
    );
    expect(err.retryAfterSeconds).toBeGreaterThan(900);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(3600);
    await expect(
      throttle.assertAllowed({ email: 'new@example.com', ip: '10.0.0.10' }),
    ).resolves.toBeUndefined();
  });
});
