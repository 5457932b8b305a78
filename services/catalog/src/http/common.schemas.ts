// Request and response pieces shared by the catalog's routes.
import { z } from 'zod';

export const idParams = z.object({ id: z.uuid('must be a UUID') });
export const screenParams = z.object({
  id: z.uuid('must be a UUID'),
  screenId: z.uuid('must be a UUID'),
});

const DEFAULT_LIMIT = 20;
export const pagingQuery = {
  limit: z.coerce.number().int('must be a whole number').min(1).max(100).default(DEFAULT_LIMIT),
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

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

/** Trimmed text that must not be empty once trimmed. */
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** A PATCH body must change something. */
export const notEmpty = (value: Record<string, unknown>) =>
  Object.values(value).some((v) => v !== undefined);
