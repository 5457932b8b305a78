// Response and query shapes every service's routes share: problem documents and paging.
import { z } from 'zod';

/** RFC 9457 problem+json as the error middleware writes it (extend for route-specific members). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

/** A route response for an error status, described with the problem schema. */
export const problemResponse = (description: string) => ({ description, schema: problemSchema });

/** `limit` (1–100, default 20) and `offset` query parameters, to spread into a query schema. */
export const pagingQuery = {
  limit: z.coerce.number().int('must be a whole number').min(1).max(100).default(20),
  offset: z.coerce.number().int('must be a whole number').min(0).max(10_000).default(0),
};

/** `{ items, total, limit, offset }` around any item schema. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
