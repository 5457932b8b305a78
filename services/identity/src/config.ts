// Identity's configuration: one zod schema over the environment, parsed once at start.
import { z } from 'zod';
import { baseConfigShape, booleanFlag, optionalString } from '@marquee/kit/config';
import { passwordProblems } from './domain/password-policy.ts';
import { parseServiceClients } from './domain/service-clients.ts';
import { signingKeyProblem } from './domain/signing-keys.ts';

const positiveInt = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

export const identityConfigSchema = z
  .object({
    ...baseConfigShape,
    /** Private signing key: a JWK (JSON) or a PKCS8 PEM, P-256 (ES256) or Ed25519 (EdDSA). */
    JWT_PRIVATE_KEY: optionalString(),
    /**
     * Development only: with DATABASE_URL set but no JWT_PRIVATE_KEY, generate a key under
     * DATA_DIR/identity instead of refusing to start. Replicas would each sign with their own key.
     */
    JWT_ALLOW_GENERATED_KEY: booleanFlag.default(false),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt(60, 24 * 60 * 60).default(900),
    REFRESH_TOKEN_TTL_DAYS: positiveInt(1, 365).default(14),
    /** With ADMIN_PASSWORD: the account created (or promoted) as admin at start. */
    ADMIN_EMAIL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.email('must be an email address').optional(),
    ),
    ADMIN_PASSWORD: optionalString(),
    ADMIN_NAME: z.string().trim().min(1).max(100).default('Administrator'),
    /** Create the demo accounts (admin@, staff@, customer@marquee.local) when there are no accounts yet. */
    SEED_DEMO_DATA: booleanFlag.default(false),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(1, 1000).default(5),
    LOGIN_ACCOUNT_WINDOW_SECONDS: positiveInt(1, 24 * 60 * 60).default(15 * 60),
    LOGIN_MAX_FAILURES_PER_IP: positiveInt(1, 100_000).default(50),
    LOGIN_IP_WINDOW_SECONDS: positiveInt(1, 24 * 60 * 60).default(60 * 60),
    /**
     * Service accounts for the client-credentials grant: `id:secret,id:secret` (ids 1-64 of
     * a-z, 0-9, -). Unset or empty: no client exists and every grant answers invalid_client.
     */
    SERVICE_CLIENTS: z
      .string()
      .optional()
      .transform((text, ctx) => {
        const parsed = parseServiceClients(text);
        if (parsed.ok) return parsed.clients;
        for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }),
    SERVICE_TOKEN_TTL_SECONDS: positiveInt(60, 60 * 60).default(300),
  })
  .superRefine((config, ctx) => {
    if (config.JWT_PRIVATE_KEY) {
      const problem = signingKeyProblem(config.JWT_PRIVATE_KEY);
      if (problem) ctx.addIssue({ code: 'custom', path: ['JWT_PRIVATE_KEY'], message: problem });
    } else if (config.DATABASE_URL && !config.JWT_ALLOW_GENERATED_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_PRIVATE_KEY'],
        message:
          'is required when DATABASE_URL is set, so every replica signs with the same key ' +
          '(or set JWT_ALLOW_GENERATED_KEY=true for development)',
      });
    }
    if (config.ADMIN_EMAIL && !config.ADMIN_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_PASSWORD'],
        message: 'is required when ADMIN_EMAIL is set',
      });
    }
    if (config.ADMIN_PASSWORD && !config.ADMIN_EMAIL) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_EMAIL'],
        message: 'is required when ADMIN_PASSWORD is set',
      });
    }
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      const problems = passwordProblems(config.ADMIN_PASSWORD, {
        email: config.ADMIN_EMAIL,
        name: config.ADMIN_NAME,
      });
      for (const message of problems)
        ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message });
    }
  });

export type IdentityConfig = z.output<typeof identityConfigSchema>;
