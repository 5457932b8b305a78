// The booking service's configuration: one zod schema over the environment, parsed once at start.
import { baseConfigShape, optionalUrl, serviceClientConfigShape } from '@marquee/kit/config';
import { z } from 'zod';

const count = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min).max(max);

export const bookingConfigSchema = z
  .object({
    ...baseConfigShape,
    /** Identity's JWKS, to verify access tokens. */
    JWKS_URL: optionalUrl(),
    JWT_ISSUER: z.string().default('marquee-identity'),
    JWT_AUDIENCE: z.string().default('marquee'),
    /** Where the showtimes and payments services answer. */
    SHOWTIMES_URL: optionalUrl(),
    PAYMENTS_URL: optionalUrl(),
    /** Client credentials for this service's own token (identity's POST /api/auth/token). */
    ...serviceClientConfigShape,
    /** Customers may cancel until this long before the showtime starts. */
    CANCEL_CUTOFF_MINUTES: count(0, 7 * 24 * 60).default(120),
    /** A calling service that has not answered in this long is treated as not reached. */
    UPSTREAM_TIMEOUT_MS: count(100, 120_000).default(8_000),
    /** How often the recovery and expiry workers look for bookings to move on. */
    RECOVERY_INTERVAL_MS: count(100, 600_000).default(5_000),
    /** A booking in `paying` untouched this long is resumed by the recovery worker. */
    RECOVERY_AFTER_SECONDS: count(1, 3600).default(30),
    /**
     * Paying extends the hold only when less than this is left of it: enough for the charge, the
     * confirmation and a recovery pass. A hold that still runs longer is not touched.
     */
    PAY_HOLD_MIN_SECONDS: count(10, 3600).default(180),
    /** How long booking trusts what it read of a showtime (prices, start, status). */
    SHOWTIME_CACHE_SECONDS: count(0, 600).default(10),
    /** PKCS#8 PEM of the ES256 key that signs ticket codes; generated under DATA_DIR when unset. */
    TICKET_SIGNING_KEY: z.string().optional(),
  })
  .superRefine((config, ctx) => {
    // Recovery must not judge a charge lost while its request may still be waiting for payments.
    if (config.RECOVERY_AFTER_SECONDS * 1000 <= 2 * config.UPSTREAM_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['RECOVERY_AFTER_SECONDS'],
        message: 'must be longer than twice UPSTREAM_TIMEOUT_MS (a charge in flight is not lost)',
      });
    }
    // A payment that may outlive its hold would be charged, then refunded for lost seats.
    if (
      config.PAY_HOLD_MIN_SECONDS * 1000 <=
      config.RECOVERY_AFTER_SECONDS * 1000 + 2 * config.UPSTREAM_TIMEOUT_MS
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['PAY_HOLD_MIN_SECONDS'],
        message:
          'must be longer than RECOVERY_AFTER_SECONDS plus twice UPSTREAM_TIMEOUT_MS (the longest a payment takes to settle)',
      });
    }
  });

export type BookingConfig = z.output<typeof bookingConfigSchema>;
