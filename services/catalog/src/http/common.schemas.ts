// Request and response pieces shared by the catalog's routes.
import { z } from 'zod';

export { pageOf, pagingQuery, problemSchema } from '@marquee/kit/http';

export const idParams = z.object({ id: z.uuid('must be a UUID') });
export const screenParams = z.object({
  id: z.uuid('must be a UUID'),
  screenId: z.uuid('must be a UUID'),
});

/** Trimmed text that must not be empty once trimmed. */
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** A PATCH body must change something. */
export const notEmpty = (value: Record<string, unknown>) =>
  Object.values(value).some((v) => v !== undefined);
