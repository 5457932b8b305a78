// Events identity announces through its outbox (written in the transaction that made the change).
import type { Transaction } from '@marquee/kit/db';
import {
  identityEventSchemas,
  type IdentityEventPayload,
} from '@marquee/contracts/identity-events';
import { enqueueEvent } from '@marquee/kit/outbox';
import type { User } from '../domain/user.ts';

export const USER_REGISTERED_V1 = 'user.registered.v1' as const;

/** Payload of `user.registered.v1`: a new account exists (sign-up, first admin, demo seeding). */
export type UserRegisteredV1 = IdentityEventPayload<typeof USER_REGISTERED_V1>;

export async function enqueueUserRegistered(tx: Transaction, user: User): Promise<void> {
  await enqueueEvent<UserRegisteredV1>(tx, {
    type: USER_REGISTERED_V1,
    // The event id is the user id: re-running the same insert can never announce it twice.
    id: user.id,
    occurredAt: user.createdAt,
    // Checked against the shared contract here, so a bad event fails its own transaction.
    payload: identityEventSchemas[USER_REGISTERED_V1].parse({
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      registeredAt: user.createdAt.toISOString(),
    }),
  });
}
