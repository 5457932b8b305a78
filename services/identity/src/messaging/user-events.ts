// Events identity announces through its outbox (written in the transaction that made the change).
import type { Transaction } from '@marquee/kit/db';
import { enqueueEvent } from '@marquee/kit/outbox';
import type { User } from '../domain/user.ts';

export const USER_REGISTERED_V1 = 'user.registered.v1';

/** Payload of `user.registered.v1`: a new account exists (sign-up, first admin, demo seeding). */
export interface UserRegisteredV1 {
  userId: string;
  email: string;
  name: string;
  role: User['role'];
  registeredAt: string;
}

export async function enqueueUserRegistered(tx: Transaction, user: User): Promise<void> {
  await enqueueEvent<UserRegisteredV1>(tx, {
    type: USER_REGISTERED_V1,
    // The event id is the user id: re-running the same insert can never announce it twice.
    id: user.id,
    occurredAt: user.createdAt,
    payload: {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      registeredAt: user.createdAt.toISOString(),
    },
  });
}
