// The payments service's configuration: one zod schema over the environment, parsed once at start.
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '@marquee/kit/auth';
import { baseConfigShape, optionalUrl } from '@marquee/kit/config';
import { z } from 'zod';

const whole = (min: number, max: number, unit: string) =>
  z.coerce
    .number({ error: `must be a number of ${unit}` })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

export const paymentsConfigSchema = z
  .object({
    ...baseConfigShape,
    /** Identity's JWKS, e.g. http://identity:8080/.well-known/jwks.json. Needed unless a verifier is handed in. */
    JWKS_URL: optionalUrl(),
    JWT_ISSUER: z.string().min(1).default(ACCESS_TOKEN_ISSUER),
    JWT_AUDIENCE: z.string().min(1).default(ACCESS_TOKEN_AUDIENCE),
    /** Which processor adapter charges cards; only the mock exists (see docs/payments.md). */
    PAYMENT_PROVIDER: z.enum(['mock'], { error: 'must be mock' }).default('mock'),
    /** How long the mock's slow test card (4000 0000 0000 3063) takes to be approved. */
    MOCK_PROVIDER_SLOW_MS: whole(0, 600_000, 'milliseconds').default(10_000),
    /** A payment the processor has no record of is failed after this long in `processing`. */
    PROCESSING_TIMEOUT_SECONDS: whole(1, 86_400, 'seconds').default(60),
    /** How often the recovery worker looks for payments and refunds left in flight. */
    RECOVERY_INTERVAL_MS: whole(100, 3_600_000, 'milliseconds').default(5_000),
    /** How long a duplicate request waits for the first with its Idempotency-Key before 409. */
    IDEMPOTENCY_WAIT_MS: whole(0, 30_000, 'milliseconds').default(5_000),
  })
  .superRefine((config, ctx) => {
    if (config.PROCESSING_TIMEOUT_SECONDS * 1000 <= config.MOCK_PROVIDER_SLOW_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['PROCESSING_TIMEOUT_SECONDS'],
        message:
          'must be longer than MOCK_PROVIDER_SLOW_MS, or slow charges would be failed while running',
      });
    }
  });

export type PaymentsConfig = z.output<typeof paymentsConfigSchema>;
