// Screen and layout requests and responses as zod schemas; layouts come from the shared contract.
import { SeatCategory, seatLayoutInputSchema, seatLayoutSchema } from '@marquee/contracts/layouts';
import { z } from 'zod';
import { text } from './common.schemas.ts';

export const createScreenBody = z
  .object({ name: text(60), layout: seatLayoutInputSchema })
  .strict();

export const replaceLayoutBody = z.object({ layout: seatLayoutInputSchema }).strict();

export const layoutVersionParams = z.object({
  id: z.uuid('must be a UUID'),
  screenId: z.uuid('must be a UUID'),
  version: z.coerce.number().int('must be a whole number').min(1).max(1_000_000),
});

const capacitySchema = z.object({
  total: z.number().int(),
  byCategory: z.record(SeatCategory, z.number().int()),
});

export const screenSummarySchema = z.object({
  id: z.uuid(),
  theaterId: z.uuid(),
  name: z.string(),
  layoutVersion: z.number().int(),
  seatCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const screenListSchema = z.object({ items: z.array(screenSummarySchema) });

export const screenDetailSchema = screenSummarySchema.extend({
  layout: seatLayoutSchema,
  capacity: capacitySchema,
});

export const layoutVersionSchema = z.object({
  theaterId: z.uuid(),
  screenId: z.uuid(),
  version: z.number().int(),
  current: z.boolean(),
  layout: seatLayoutSchema,
  capacity: capacitySchema,
  createdAt: z.string(),
});
