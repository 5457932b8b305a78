// Theater requests and responses as zod schemas.
import { z } from 'zod';
import { isIanaTimeZone } from '../domain/time-zones.ts';
import { notEmpty, pageOf, pagingQuery, text } from './common.schemas.ts';

const theaterFields = {
  name: text(120),
  address: text(300),
  city: text(100),
  timezone: z
    .string()
    .max(64)
    .refine(isIanaTimeZone, 'must be an IANA time-zone name such as Europe/Lisbon'),
};

export const createTheaterBody = z.object(theaterFields).strict();

export const updateTheaterBody = z
  .object(theaterFields)
  .partial()
  .strict()
  .refine(notEmpty, 'must change at least one field');

export const theaterQuery = z.object({
  /** Matched without regard to case; empty means every city. */
  city: z.string().trim().max(100).optional(),
  ...pagingQuery,
});

export const theaterSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  address: z.string(),
  city: z.string(),
  timezone: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const theaterPageSchema = pageOf(theaterSchema);
