// What a user is to the rest of the service: the roles a person can hold and the public view of an account.

/** Roles a person can hold; 'service' exists only in service-to-service tokens, never on a user. */
export const USER_ROLES = ['customer', 'staff', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface User {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  createdAt: Date;
  updatedAt: Date;
}

/** Lower-case and trimmed: one account per address, however it is typed. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
