// Who is calling: the roles the platform knows and the principal every verified access token yields.

export const ROLES = ['customer', 'staff', 'admin', 'service'] as const;

export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: string;
  role: Role;
  email?: string;
}

/** Turns a bearer token into the caller it speaks for; throws AppError 'unauthenticated' or 'unavailable'. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/** Default `iss` of the access tokens identity signs. */
export const ACCESS_TOKEN_ISSUER = 'marquee-identity';
/** Default `aud` of the access tokens identity signs: every Marquee service accepts them. */
export const ACCESS_TOKEN_AUDIENCE = 'marquee';

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);
