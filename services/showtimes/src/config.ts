// The showtimes service's configuration: one zod schema over the environment, parsed once at start.
import { baseConfigShape, booleanFlag, optionalUrl } from '@marquee/kit/config';
import { z } from 'zod';

const seconds = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const count = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min).max(max);

export const showtimesConfigSchema = z
  .object({
    ...baseConfigShape,
    /** Identity's JWKS, to verify access tokens. */
    JWKS_URL: optionalUrl(),
    JWT_ISSUER: z.string().default('marquee-identity'),
    JWT_AUDIENCE: z.string().default('marquee'),
    /** The catalog service (movies, screens and their layouts). */
    CATALOG_URL: optionalUrl(),
    HOLD_TTL_SECONDS: seconds(30, 3600).default(8 * 60),
    HOLD_EXTENSION_SECONDS: seconds(30, 3600).default(5 * 60),
    HOLD_MAX_EXTENSIONS: count(0, 10).default(2),
    /** No hold lives longer than this from its creation, however often it is extended. */
    HOLD_MAX_TOTAL_SECONDS: seconds(60, 7200).default(20 * 60),
    MAX_SEATS_PER_HOLD: count(1, 50).default(10),
    MAX_SEATS_PER_CUSTOMER: count(1, 100).default(10),
    SWEEP_INTERVAL_MS: count(100, 600_000).default(5_000),
    /** Added to the movie's runtime to get a showtime's end: trailers, then cleaning the room. */
    TRAILER_MINUTES: count(0, 60).default(20),
    CLEANING_MINUTES: count(0, 120).default(15),
    SEAT_MAP_CACHE_TTL_SECONDS: seconds(1, 3600).default(60),
    SEED_DEMO_DATA: booleanFlag.default(false),
  })
  .superRefine((config, ctx) => {
    if (config.HOLD_TTL_SECONDS > config.HOLD_MAX_TOTAL_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['HOLD_TTL_SECONDS'],
        message: 'must not be longer than HOLD_MAX_TOTAL_SECONDS',
      });
    }
  });

export type ShowtimesConfig = z.output<typeof showtimesConfigSchema>;
