// Short-lived access tokens: a JWT signed with identity's key, carrying who the caller is and their role.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type Role } from '@marquee/kit/auth';
import type { SigningKey } from './signing-keys.ts';

/** A user (id, email, role) or a service account (its client id as `id`, role 'service', no email). */
export interface AccessTokenSubject {
  id: string;
  email?: string;
  role: Role;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
  /** Seconds until expiry, as OAuth's `expires_in`. */
  expiresIn: number;
}

export interface AccessTokenIssuer {
  issue(subject: AccessTokenSubject): Promise<IssuedAccessToken>;
}

export function createAccessTokenIssuer(deps: {
  key: SigningKey;
  ttlSeconds: number;
  clock?: () => Date;
  issuer?: string;
  audience?: string;
}): AccessTokenIssuer {
  const clock = deps.clock ?? (() => new Date());
  return {
    async issue(subject) {
      const issuedAt = Math.floor(clock().getTime() / 1000);
      const expiresAtSeconds = issuedAt + deps.ttlSeconds;
      const claims =
        subject.email === undefined
          ? { role: subject.role }
          : { role: subject.role, email: subject.email };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: deps.key.alg, kid: deps.key.kid, typ: 'JWT' })
        .setIssuer(deps.issuer ?? ACCESS_TOKEN_ISSUER)
        .setAudience(deps.audience ?? ACCESS_TOKEN_AUDIENCE)
        .setSubject(subject.id)
        .setIssuedAt(issuedAt)
        .setNotBefore(issuedAt)
        .setExpirationTime(expiresAtSeconds)
        .setJti(randomUUID())
        .sign(deps.key.privateKey);
      return { token, expiresAt: new Date(expiresAtSeconds * 1000), expiresIn: deps.ttlSeconds };
    },
  };
}
