// Demo accounts the embedded platform creates on its first start, and the first admin from the environment.
import type { Logger } from '@marquee/kit/logging';
import type { UserRole } from './user.ts';
import type { UsersService } from './users.service.ts';

/** Documented in docs/identity.md; for local demos only, never for a connected deployment. */
export const DEMO_USERS: readonly {
  email: string;
  name: string;
  password: string;
  role: UserRole;
}[] = [
  {
    email: 'admin@marquee.local',
    name: 'Demo Admin',
    password: 'marquee-admin-demo',
    role: 'admin',
  },
  {
    email: 'staff@marquee.local',
    name: 'Demo Staff',
    password: 'marquee-staff-demo',
    role: 'staff',
  },
  {
    email: 'customer@marquee.local',
    name: 'Demo Customer',
    password: 'marquee-customer-demo',
    role: 'customer',
  },
];

/**
 * Creates the demo accounts on a first start (no accounts at all); returns whether it did. Later
 * starts leave accounts alone, so a demo user an admin removed or changed stays that way.
 */
export async function provisionDemoUsers(deps: {
  users: UsersService;
  logger: Logger;
}): Promise<boolean> {
  if (await deps.users.hasAccounts()) return false;
  for (const demo of DEMO_USERS) {
    const { user, created } = await deps.users.provision({ ...demo, resetPassword: false });
    if (created) deps.logger.info({ email: user.email, role: user.role }, 'demo user created');
  }
  return true;
}

export interface AdminAccount {
  email: string;
  password: string;
  name: string;
}

/**
 * Makes sure the account named by ADMIN_EMAIL exists and is an admin. The password is set only
 * when the account is created, so a restart never undoes a password changed since.
 */
export async function ensureAdmin(
  deps: { users: UsersService; logger: Logger },
  admin: AdminAccount,
): Promise<void> {
  const { user, created } = await deps.users.provision({
    ...admin,
    role: 'admin',
    resetPassword: false,
  });
  deps.logger.info(
    { email: user.email, created },
    created ? 'admin account created' : 'admin account ensured',
  );
}
