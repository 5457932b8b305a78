// /api/auth over HTTP against real PostgreSQL: sign-up, sign-in, sign-out.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@marquee/kit/testing';
import { outbox, users } from '../db/schema.ts';
import { startTestIdentity, type TestIdentity } from './identity-app.test-support.ts';

let identity: TestIdentity;
beforeAll(async () => {
  identity = await startTestIdentity();
});
afterAll(() => identity.close());

const email = () => `user-${uniqueSuffix()}@example.com`;
const rowsFor = (address: string) =>
  identity.handle.db.select().from(users).where(eq(users.email, address));

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

async function problem(res: Response): Promise<Problem> {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Problem;
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/);
  return body;
}

describe('POST /api/auth/register', () => {
  it('creates a customer with a lower-cased email and a hashed password, and signs it in', async () => {
    const address = email();
    const res = await identity.post('/api/auth/register', {
      email: address.toUpperCase(),
      password: 'correct horse 42',
      name: 'Ada Lovelace',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as {
      user: { id: string; email: string; role: string };
      accessToken: string;
    };
    expect(body.user).toMatchObject({ email: address, name: 'Ada Lovelace', role: 'customer' });
    expect(res.headers.get('location')).toBe(`/api/users/${body.user.id}`);
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(body).not.toHaveProperty('user.passwordHash');

    const [row] = await rowsFor(address);
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain('correct horse 42');

    const me = await identity.get('/api/auth/me', body.accessToken);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: body.user.id, email: address, role: 'customer' });

    const events = await identity.handle.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, body.user.id));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'user.registered.v1',
        routingKey: 'user.registered.v1',
        payload: {
          userId: body.user.id,
          email: address,
          name: 'Ada Lovelace',
          role: 'customer',
          registeredAt: row?.createdAt.toISOString(),
        },
        publishedAt: null,
      }),
    ]);
  });

  it('answers 409 for an email already registered, whatever its case', async () => {
    const address = email();
    await identity.register({ email: address });
    const res = await identity.post('/api/auth/register', {
      email: address.replace('user', 'USER'),
      password: 'another pass 77',
      name: 'Someone Else',
    });
    expect(res.status).toBe(409);
    expect((await problem(res)).detail).toBe('An account with this email already exists.');
    const rows = await rowsFor(address);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.name).toBe('Test User');
    expect(
      await identity.handle.db
        .select()
        .from(outbox)
        .where(eq(outbox.id, rows[0]?.id ?? '')),
    ).toHaveLength(1);
  });

  it('refuses a weak password naming body.password, and writes nothing', async () => {
    const address = email();
    const res = await identity.post('/api/auth/register', {
      email: address,
      password: 'abcdefghij',
      name: 'Weak',
    });
    expect(res.status).toBe(400);
    const body = await problem(res);
    expect(body.errors).toEqual([
      {
        field: 'body.password',
        message:
          'must mix at least two kinds of characters (lower case, upper case, digits, symbols)',
      },
    ]);
    expect(await rowsFor(address)).toHaveLength(0);
    const announced = await identity.handle.db.select({ payload: outbox.payload }).from(outbox);
    expect(JSON.stringify(announced)).not.toContain(address);
  });

  it('refuses the email as password, and reports every field at fault', async () => {
    const address = email();
    const same = await identity.post('/api/auth/register', {
      email: address,
      password: address,
      name: 'Same',
    });
    expect(same.status).toBe(400);
    expect((await problem(same)).errors).toEqual([
      { field: 'body.password', message: 'must not be your email address' },
    ]);

    const many = await identity.post('/api/auth/register', {
      email: 'not-an-email',
      password: 'short',
      name: '',
    });
    expect(many.status).toBe(400);
    const fields = (await problem(many)).errors?.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.email', 'body.password', 'body.name']));
    expect(await rowsFor(address)).toHaveLength(0);
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await identity.post('/api/auth/register', '{"email": "a@example.com", ');
    expect(res.status).toBe(400);
    expect((await problem(res)).errors).toEqual([{ field: 'body', message: 'malformed JSON' }]);
  });

  it('refuses unknown fields (no choosing your own role), and writes nothing', async () => {
    const address = email();
    const res = await identity.post('/api/auth/register', {
      email: address,
      password: 'correct horse 42',
      name: 'Sneaky',
      role: 'admin',
    });
    expect(res.status).toBe(400);
    expect((await problem(res)).errors).toEqual([
      { field: 'body.role', message: 'is not a known field' },
    ]);
    expect(await rowsFor(address)).toHaveLength(0);
  });

  it('stores SQL metacharacters in the name verbatim', async () => {
    const name = `Robert'); DROP TABLE users;-- "x" \\ %_`;
    const session = await identity.register({ name });
    expect(session.user.name).toBe(name);
    const [row] = await rowsFor(session.user.email);
    expect(row?.name).toBe(name);
  });

  it('answers 413 for an oversized body', async () => {
    const res = await identity.post('/api/auth/register', {
      email: email(),
      password: 'correct horse 42',
      name: 'x'.repeat(200_000),
    });
    expect(res.status).toBe(413);
    await problem(res);
  });
});

describe('POST /api/auth/login', () => {
  it('signs in with the right password, in any email case', async () => {
    const account = await identity.register();
    const res = await identity.post('/api/auth/login', {
      email: account.user.email.toUpperCase(),
      password: account.password,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      user: { id: string };
      accessToken: string;
      refreshToken: string;
    };
    expect(body.user.id).toBe(account.user.id);
    expect(body.refreshToken).not.toBe(account.refreshToken);
    expect((await identity.get('/api/auth/me', body.accessToken)).status).toBe(200);
  });

  it('answers the same 401 for a wrong password and an unknown email', async () => {
    const account = await identity.register();
    const wrong = await identity.post('/api/auth/login', {
      email: account.user.email,
      password: 'wrong password 1',
    });
    const unknown = await identity.post('/api/auth/login', {
      email: email(),
      password: 'wrong password 1',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await problem(wrong), await problem(unknown)];
    expect(a.detail).toBe('The email or password is incorrect.');
    expect(b.detail).toBe(a.detail);
  });

  it('refuses unknown fields', async () => {
    const res = await identity.post('/api/auth/login', {
      email: email(),
      password: 'x',
      remember: true,
    });
    expect(res.status).toBe(400);
    expect((await problem(res)).errors).toEqual([
      { field: 'body.remember', message: 'is not a known field' },
    ]);
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the session: its refresh token no longer works', async () => {
    const account = await identity.register();
    const res = await identity.post('/api/auth/logout', { refreshToken: account.refreshToken });
    expect(res.status).toBe(204);
    const refresh = await identity.post('/api/auth/refresh', {
      refreshToken: account.refreshToken,
    });
    expect(refresh.status).toBe(401);
  });

  it('answers 204 for an unknown token too (it says nothing about tokens)', async () => {
    const res = await identity.post('/api/auth/logout', { refreshToken: 'A'.repeat(43) });
    expect(res.status).toBe(204);
  });
});
