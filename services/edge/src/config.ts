// The edge's configuration: where it listens and, when connected, where each service lives.
import { baseConfigShape, optionalUrl } from '@marquee/kit/config';
import { z } from 'zod';

export const edgeConfigSchema = z.object({
  ...baseConfigShape,
  PORT: baseConfigShape.PORT.default(8080),
  IDENTITY_URL: optionalUrl(),
  CATALOG_URL: optionalUrl(),
  SHOWTIMES_URL: optionalUrl(),
  BOOKING_URL: optionalUrl(),
  PAYMENTS_URL: optionalUrl(),
  NOTIFICATION_URL: optionalUrl(),
  REPORTING_URL: optionalUrl(),
});

export type EdgeConfig = z.output<typeof edgeConfigSchema>;
