// Events the identity service publishes (past tense, versioned); the same schemas validate what is
// published and what consumers receive.
import { z } from 'zod';

export const identityEventSchemas = {
  /** A new account exists (sign-up, first admin, demo seeding). */
  'user.registered.v1': z.object({
    userId: z.uuid(),
    email: z.email(),
    name: z.string().min(1),
    role: z.enum(['customer', 'staff', 'admin']),
    registeredAt: z.iso.datetime(),
  }),
} as const;

export type IdentityEventType = keyof typeof identityEventSchemas;
export type IdentityEventPayload<T extends IdentityEventType> = z.output<
  (typeof identityEventSchemas)[T]
>;
