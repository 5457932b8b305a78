// GET /api/auth/me over HTTP: the genuine token passes; expired, forged, unsigned, tampered and
// foreign tokens are refused with 401 and a Bearer challenge.
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdentity, type TestIdentity } from './identity-app.test-support.ts';

let identity: TestIdentity;
beforeAll(async () => {
  identity = await startTestIdentity();
});
afterAll(() => identity.close());

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { status: number; detail: string };
}

describe('GET /api/auth/me', () => {
  let account: Awaited<ReturnType<TestIdentity['register']>>;
  beforeAll(async () => {
    account = await identity.register();
  });

  const claims = () => ({ role: 'customer', email: account.user.email });

  async function expectRejected(token: string) {
    const res = await identity.get('/api/auth/me', token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await problem(res);
  }

  it('answers 401 without a token', async () => {
    const res = await identity.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', kid: identity.key.kid })
      .setIssuer('marquee-identity')
      .setAudience('marquee')
      .setSubject(account.user.id)
      .setIssuedAt(now - 3600)
      .setExpirationTime(now - 60)
      .sign(identity.key.privateKey);
    await expectRejected(token);
  });

  it('refuses a token signed with another key under our kid', async () => {
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', kid: identity.key.kid })
      .setIssuer('marquee-identity')
      .setAudience('marquee')
      .setSubject(account.user.id)
      .setExpirationTime('5m')
      .sign(stranger);
    await expectRejected(token);
  });

  it('refuses alg none, and a signature swapped off a genuine token', async () => {
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const payload = {
      ...claims(),
      role: 'admin',
      sub: account.user.id,
      iss: 'marquee-identity',
      aud: 'marquee',
      exp: Math.floor(Date.now() / 1000) + 300,
    };
    await expectRejected(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`);
    const [header, , signature] = account.accessToken.split('.');
    await expectRejected(`${header}.${b64(payload)}.${signature}`);
  });

  it('refuses a token for another audience or from another issuer', async () => {
    const sign = (aud: string, iss: string) =>
      new SignJWT(claims())
        .setProtectedHeader({ alg: 'ES256', kid: identity.key.kid })
        .setIssuer(iss)
        .setAudience(aud)
        .setSubject(account.user.id)
        .setExpirationTime('5m')
        .sign(identity.key.privateKey);
    await expectRejected(await sign('another-system', 'marquee-identity'));
    await expectRejected(await sign('marquee', 'someone-else'));
  });

  it('accepts the genuine token', async () => {
    const res = await identity.get('/api/auth/me', account.accessToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: account.user.id, email: account.user.email });
  });
});
