// Accounts: sign-up, provisioning by operators (first admin, demo users), role changes and look-ups.
import type { Database, Transaction } from '@marquee/kit/db';
import { conflict, invalidInput, notFound } from '@marquee/kit/errors';
import { createUsersRepository } from '../db/users.repository.ts';
import { passwordProblems } from './password-policy.ts';
import type { PasswordHasher } from './passwords.ts';
import { normalizeEmail, type User, type UserRole } from './user.ts';

export interface Registration {
  email: string;
  name: string;
  password: string;
}

export interface Provisioning extends Registration {
  role: UserRole;
  /** Set the password of an existing account too (an operator resetting it); otherwise it is kept. */
  resetPassword: boolean;
}

export interface UsersService {
  /** Creates a customer account; conflict when the email is taken. */
  register(registration: Registration): Promise<User>;
  /** Creates the account with `role`, or gives an existing one that role (and password, if asked). */
  provision(request: Provisioning): Promise<{ user: User; created: boolean }>;
  changeRole(change: { actorId: string; userId: string; role: UserRole }): Promise<User>;
  /** The account, or not_found. */
  get(id: string): Promise<User>;
  /** False until the first account is created. */
  hasAccounts(): Promise<boolean>;
}

export interface UsersServiceDeps {
  db: Database;
  hasher: PasswordHasher;
  /** Called inside the transaction that created the account (e.g. to write an outbox event). */
  onRegistered?: (tx: Transaction, user: User) => Promise<void>;
}

function assertPasswordAcceptable(password: string, email: string, name: string) {
  const problems = passwordProblems(password, { email, name });
  if (problems.length > 0) {
    throw invalidInput(
      `password ${problems[0]}.`,
      problems.map((message) => ({ field: 'password', message })),
    );
  }
}

export function createUsersService(deps: UsersServiceDeps): UsersService {
  const users = createUsersRepository(deps.db);

  async function create(registration: Registration, role: UserRole): Promise<User | undefined> {
    const email = normalizeEmail(registration.email);
    assertPasswordAcceptable(registration.password, email, registration.name);
    const passwordHash = await deps.hasher.hash(registration.password);
    return deps.db.transaction(async (tx) => {
      const user = await createUsersRepository(tx).insert({
        email,
        name: registration.name,
        passwordHash,
        role,
      });
      if (user && deps.onRegistered) await deps.onRegistered(tx, user);
      return user;
    });
  }

  return {
    async register(registration) {
      const user = await create(registration, 'customer');
      if (!user) throw conflict('An account with this email already exists.');
      return user;
    },

    async provision(request) {
      const email = normalizeEmail(request.email);
      const existing = await users.findByEmailWithCredentials(email);
      if (!existing) {
        const user = await create(request, request.role);
        if (user) return { user, created: true };
      }
      // Exists (possibly created a moment ago by a concurrent start): give it the role asked for.
      const current = existing ?? (await users.findByEmailWithCredentials(email));
      if (!current) throw conflict(`The account ${email} could not be provisioned.`);
      if (current.role === request.role && !request.resetPassword) {
        const { passwordHash: _hidden, ...unchanged } = current;
        return { user: unchanged, created: false };
      }
      const changes: { role: UserRole; passwordHash?: string } = { role: request.role };
      if (request.resetPassword) {
        assertPasswordAcceptable(request.password, email, request.name);
        changes.passwordHash = await deps.hasher.hash(request.password);
      }
      const user = await users.update(current.id, changes);
      if (!user) throw notFound(`The account ${email} disappeared while it was being provisioned.`);
      return { user, created: false };
    },

    async changeRole({ actorId, userId, role }) {
      // Admins cannot demote themselves, so the platform always keeps at least one admin.
      if (actorId === userId && role !== 'admin') {
        throw conflict('You cannot remove your own admin role; ask another admin.');
      }
      const user = await users.update(userId, { role });
      if (!user) throw notFound('No user with this id.');
      return user;
    },

    async get(id) {
      const user = await users.findById(id);
      if (!user) throw notFound('No user with this id.');
      return user;
    },

    hasAccounts: () => users.any(),
  };
}
