// Identity's configuration rules: defaults, the signing key requirement when connected, the first admin.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@marquee/kit/config';
import { identityConfigSchema } from './config.ts';

function problemsOf(env: Record<string, string>) {
  try {
    parseConfig(identityConfigSchema, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
  format: 'pem',
  type: 'pkcs8',
});

describe('identity config', () => {
  it('has working defaults when embedded', () => {
    const config = parseConfig(identityConfigSchema, {});
    expect(config.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
    expect(config.REFRESH_TOKEN_TTL_DAYS).toBe(14);
    expect(config.LOGIN_MAX_FAILURES_PER_ACCOUNT).toBe(5);
    expect(config.LOGIN_ACCOUNT_WINDOW_SECONDS).toBe(900);
    expect(config.LOGIN_MAX_FAILURES_PER_IP).toBe(50);
    expect(config.LOGIN_IP_WINDOW_SECONDS).toBe(3600);
    expect(config.JWT_ALLOW_GENERATED_KEY).toBe(false);
    expect(config.SERVICE_CLIENTS.size).toBe(0);
    expect(config.SERVICE_TOKEN_TTL_SECONDS).toBe(300);
  });

  it('requires JWT_PRIVATE_KEY when DATABASE_URL is set', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://db/identity' })).toEqual([
      expect.objectContaining({ variable: 'JWT_PRIVATE_KEY' }),
    ]);
    expect(
      problemsOf({ DATABASE_URL: 'postgres://db/identity', JWT_PRIVATE_KEY: String(pem) }),
    ).toEqual([]);
    expect(
      problemsOf({ DATABASE_URL: 'postgres://db/identity', JWT_ALLOW_GENERATED_KEY: 'true' }),
    ).toEqual([]);
  });

  it('names JWT_PRIVATE_KEY when it cannot be used', () => {
    expect(problemsOf({ JWT_PRIVATE_KEY: 'not a key' })).toEqual([
      { variable: 'JWT_PRIVATE_KEY', message: 'is neither a JWK (JSON) nor a PEM private key' },
    ]);
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together, with an acceptable password', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'root@example.com' })).toEqual([
      { variable: 'ADMIN_PASSWORD', message: 'is required when ADMIN_EMAIL is set' },
    ]);
    expect(problemsOf({ ADMIN_PASSWORD: 'long enough 123' })).toEqual([
      { variable: 'ADMIN_EMAIL', message: 'is required when ADMIN_PASSWORD is set' },
    ]);
    expect(
      problemsOf({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'short' }).map(
        (p) => p.variable,
      ),
    ).toContain('ADMIN_PASSWORD');
    expect(
      problemsOf({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'long enough 123' }),
    ).toEqual([]);
  });

  it('names a bad number', () => {
    expect(problemsOf({ ACCESS_TOKEN_TTL_SECONDS: 'soon' })).toEqual([
      expect.objectContaining({ variable: 'ACCESS_TOKEN_TTL_SECONDS' }),
    ]);
  });

  it('reads SERVICE_CLIENTS into service accounts', () => {
    const config = parseConfig(identityConfigSchema, {
      SERVICE_CLIENTS: 'booking:s3cr3t,operator:0th3r',
    });
    expect([...config.SERVICE_CLIENTS.keys()]).toEqual(['booking', 'operator']);
    expect(parseConfig(identityConfigSchema, { SERVICE_CLIENTS: '' }).SERVICE_CLIENTS.size).toBe(0);
  });

  it('names SERVICE_CLIENTS when it is malformed, without quoting a secret', () => {
    const problems = problemsOf({ SERVICE_CLIENTS: 'booking:hunter2,Bad_Id:hunter3' });
    expect(problems).toEqual([
      {
        variable: 'SERVICE_CLIENTS',
        message: 'entry 2: the client id must be 1 to 64 of a-z, 0-9 and -',
      },
    ]);
    expect(problemsOf({ SERVICE_CLIENTS: 'booking' })).toEqual([
      { variable: 'SERVICE_CLIENTS', message: 'entry 1 must be written id:secret' },
    ]);
    expect(JSON.stringify(problemsOf({ SERVICE_CLIENTS: 'x:hunter2,x:hunter3' }))).not.toMatch(
      /hunter/,
    );
  });

  it('keeps SERVICE_TOKEN_TTL_SECONDS between one minute and one hour', () => {
    expect(
      parseConfig(identityConfigSchema, { SERVICE_TOKEN_TTL_SECONDS: '120' })
        .SERVICE_TOKEN_TTL_SECONDS,
    ).toBe(120);
    for (const bad of ['59', '3601', 'soon']) {
      expect(problemsOf({ SERVICE_TOKEN_TTL_SECONDS: bad })).toEqual([
        expect.objectContaining({ variable: 'SERVICE_TOKEN_TTL_SECONDS' }),
      ]);
    }
  });
});
