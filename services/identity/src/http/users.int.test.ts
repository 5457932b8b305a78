// Admin-only account routes and the JWKS, over HTTP against real PostgreSQL.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwksVerifier } from '@marquee/kit/auth';
import { users } from '../db/schema.ts';
import {
  startTestIdentity,
  type TestIdentity,
  type TestSession,
} from './identity-app.test-support.ts';

let identity: TestIdentity;
let admin: TestSession;

/** Signs in again so the access token carries the role now in the database. */
async function signIn(
  session: TestSession,
): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await identity.post('/api/auth/login', {
    email: session.user.email,
    password: session.password,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { accessToken: string; refreshToken: string };
}

const changeRole = (userId: string, role: unknown, token: string) =>
  identity.post(`/api/users/${userId}/role`, { role }, { authorization: `Bearer ${token}` });

const roleInDb = async (userId: string) =>
  (await identity.handle.db.select({ role: users.role }).from(users).where(eq(users.id, userId)))[0]
    ?.role;

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;

beforeAll(async () => {
  identity = await startTestIdentity();
  admin = await identity.register({ name: 'The Admin' });
  await identity.setRole(admin.user.id, 'admin');
  admin = { ...admin, ...(await signIn(admin)) };
});
afterAll(() => identity.close());

describe('POST /api/users/{id}/role', () => {
  it('is refused to a customer (403) and changes nothing', async () => {
    const customer = await identity.register();
    const victim = await identity.register();
    const res = await changeRole(victim.user.id, 'admin', customer.accessToken);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const self = await changeRole(customer.user.id, 'admin', customer.accessToken);
    expect(self.status).toBe(403);
    expect(await roleInDb(victim.user.id)).toBe('customer');
    expect(await roleInDb(customer.user.id)).toBe('customer');
  });

  it('is refused without a token (401)', async () => {
    const victim = await identity.register();
    const res = await identity.post(`/api/users/${victim.user.id}/role`, { role: 'admin' });
    expect(res.status).toBe(401);
    expect(await roleInDb(victim.user.id)).toBe('customer');
  });

  it('lets an admin change a role; the new role shows in the next token, from login or refresh', async () => {
    const member = await identity.register();
    expect(claimsOf(member.accessToken).role).toBe('customer');

    const res = await changeRole(member.user.id, 'staff', admin.accessToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: member.user.id, role: 'staff' });
    expect(await roleInDb(member.user.id)).toBe('staff');

    const refreshed = await identity.post('/api/auth/refresh', {
      refreshToken: member.refreshToken,
    });
    expect(refreshed.status).toBe(200);
    const body = (await refreshed.json()) as { accessToken: string; user: { role: string } };
    expect(body.user.role).toBe('staff');
    expect(claimsOf(body.accessToken).role).toBe('staff');
    expect(claimsOf((await signIn(member)).accessToken).role).toBe('staff');
  });

  it('names the field for a role that does not exist and for a bad id', async () => {
    const member = await identity.register();
    const badRole = await changeRole(member.user.id, 'superuser', admin.accessToken);
    expect(badRole.status).toBe(400);
    expect(((await badRole.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe(
      'body.role',
    );
    expect(await roleInDb(member.user.id)).toBe('customer');

    const badId = await changeRole('42', 'staff', admin.accessToken);
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe(
      'params.id',
    );
  });

  it('answers 404 for an unknown user', async () => {
    const res = await changeRole(
      '00000000-0000-4000-8000-000000000000',
      'staff',
      admin.accessToken,
    );
    expect(res.status).toBe(404);
  });

  it('does not let an admin remove their own admin role', async () => {
    const res = await changeRole(admin.user.id, 'customer', admin.accessToken);
    expect(res.status).toBe(409);
    expect(await roleInDb(admin.user.id)).toBe('admin');
  });
});

describe('GET /api/users/{id}', () => {
  it('shows an account to an admin and to no one else', async () => {
    const member = await identity.register({ name: 'Looked Up' });
    const asAdmin = await identity.get(`/api/users/${member.user.id}`, admin.accessToken);
    expect(asAdmin.status).toBe(200);
    const body = (await asAdmin.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id: member.user.id, name: 'Looked Up', role: 'customer' });
    expect(body).not.toHaveProperty('passwordHash');
    expect((await identity.get(`/api/users/${admin.user.id}`, member.accessToken)).status).toBe(
      403,
    );
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public signing key, which verifies issued tokens through the kit verifier', async () => {
    const res = await identity.get('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    const jwks = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({
      kid: identity.key.kid,
      alg: 'ES256',
      use: 'sig',
      kty: 'EC',
      crv: 'P-256',
    });
    expect(jwks.keys[0]).not.toHaveProperty('d');

    const verifier = createJwksVerifier({
      jwksUrl: `${identity.url}/.well-known/jwks.json`,
      issuer: 'marquee-identity',
      audience: 'marquee',
    });
    expect(await verifier.verify(admin.accessToken)).toEqual({
      userId: admin.user.id,
      role: 'admin',
      email: admin.user.email,
    });
  });

  it('is described in the OpenAPI document with the other routes', async () => {
    const res = await identity.get('/openapi.json');
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/register',
        '/api/auth/login',
        '/api/auth/refresh',
        '/api/auth/logout',
        '/api/auth/me',
        '/api/users/{id}',
        '/api/users/{id}/role',
        '/.well-known/jwks.json',
      ]),
    );
  });
});
