// Request and response shapes of identity's HTTP API (validation and OpenAPI from the same zod schemas).
import { z } from 'zod';
import { passwordContextProblems, passwordShapeProblems } from '../domain/password-policy.ts';
import { normalizeEmail, USER_ROLES } from '../domain/user.ts';

const emailField = z
  .email('must be an email address')
  .max(254, 'must be at most 254 characters long')
  .transform(normalizeEmail);

// No control characters: names end up in emails, tickets and logs.
const nameField = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters long')
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

const newPasswordField = z.string().superRefine((password, ctx) => {
  for (const message of passwordShapeProblems(password)) ctx.addIssue({ code: 'custom', message });
});

export const registerBody = z
  .strictObject({ email: emailField, password: newPasswordField, name: nameField })
  .superRefine((body, ctx) => {
    for (const message of passwordContextProblems(body.password, body)) {
      ctx.addIssue({ code: 'custom', path: ['password'], message });
    }
  });

export const loginBody = z.strictObject({
  // Not checked as an address: a login only needs to find an account or fail like any other miss.
  email: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(254, 'must be at most 254 characters long'),
  // Longer than the policy allows, so an old or odd password still gets a plain 401.
  password: z
    .string()
    .min(1, 'must not be empty')
    .max(1024, 'must be at most 1024 characters long'),
});

export const refreshTokenBody = z.strictObject({
  refreshToken: z
    .string()
    .min(1, 'must not be empty')
    .max(256, 'must be at most 256 characters long'),
});

export const userIdParams = z.strictObject({ id: z.uuid('must be a UUID') });

export const roleChangeBody = z.strictObject({ role: z.enum(USER_ROLES) });

export const userResponse = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const sessionResponse = z.object({
  user: userResponse,
  tokenType: z.literal('Bearer'),
  accessToken: z.string().describe('ES256/EdDSA JWT; send as `Authorization: Bearer <token>`'),
  expiresIn: z.number().int().describe('seconds until the access token expires'),
  accessTokenExpiresAt: z.iso.datetime(),
  refreshToken: z.string().describe('opaque; single use: every refresh returns a new one'),
  refreshTokenExpiresAt: z.iso.datetime(),
});

export const jwksResponse = z.object({
  keys: z.array(
    z
      .object({ kty: z.string(), kid: z.string(), alg: z.string(), use: z.literal('sig') })
      .catchall(z.unknown()),
  ),
});
