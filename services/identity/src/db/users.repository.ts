// Reads and writes of the users table; the only place that knows its columns.
import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '@marquee/kit/db';
import type { User, UserRole } from '../domain/user.ts';
import { users, type UserRow } from './schema.ts';

export interface UserWithCredentials extends User {
  passwordHash: string;
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  role: UserRole;
}

const toUser = ({ passwordHash: _hidden, ...user }: UserRow): User => user;

export interface UsersRepository {
  /** Inserts the user; undefined when the email is already taken. */
  insert(user: NewUser): Promise<User | undefined>;
  findById(id: string): Promise<User | undefined>;
  findByEmailWithCredentials(email: string): Promise<UserWithCredentials | undefined>;
  /** Whether any account exists at all (first start detection). */
  any(): Promise<boolean>;
  update(
    id: string,
    changes: { role?: UserRole; passwordHash?: string; name?: string },
  ): Promise<User | undefined>;
}

export function createUsersRepository(db: Queryable): UsersRepository {
  return {
    async insert(user) {
      const [row] = await db
        .insert(users)
        .values(user)
        .onConflictDoNothing({ target: users.email })
        .returning();
      return row && toUser(row);
    },
    async findById(id) {
      const [row] = await db.select().from(users).where(eq(users.id, id));
      return row && toUser(row);
    },
    async findByEmailWithCredentials(email) {
      const [row] = await db.select().from(users).where(eq(users.email, email));
      return row;
    },
    async any() {
      const rows = await db.select({ id: users.id }).from(users).limit(1);
      return rows.length > 0;
    },
    async update(id, changes) {
      const [row] = await db
        .update(users)
        .set({ ...changes, updatedAt: sql`now()` })
        .where(eq(users.id, id))
        .returning();
      return row && toUser(row);
    },
  };
}
