// `npm run create-admin -w @marquee/identity -- --email x --password y --name z`: creates an admin
// account, or promotes an existing one and sets its password. Uses DATABASE_URL, or the embedded
// database under DATA_DIR (stop the embedded platform first: PGlite allows one process at a time).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { baseConfigShape, optionalString, parseConfig } from '@marquee/kit/config';
import { openDatabase } from '@marquee/kit/db';
import { AppError } from '@marquee/kit/errors';
import { createLogger } from '@marquee/kit/logging';
import { createUsersService } from '../domain/users.service.ts';
import { createPasswordHasher } from '../domain/passwords.ts';
import { enqueueUserRegistered } from '../messaging/user-events.ts';

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));

const USAGE = `Usage: npm run create-admin -w @marquee/identity -- --email <email> [--password <password>] [--name <name>]
  The password may come from ADMIN_PASSWORD instead of --password (keeps it out of shell history).
  Database: DATABASE_URL, or the embedded one under DATA_DIR (default ./data).`;

const cliEnvSchema = z.object({
  DATA_DIR: baseConfigShape.DATA_DIR,
  DATABASE_URL: baseConfigShape.DATABASE_URL,
  ADMIN_PASSWORD: optionalString(),
});

const argsSchema = z.object({
  email: z.email('--email must be an email address'),
  password: z.string({ error: '--password (or ADMIN_PASSWORD) is required' }).min(1),
  name: z.string().trim().min(1).max(100).default('Administrator'),
});

export interface CreateAdminResult {
  email: string;
  created: boolean;
}

/** Runs the command; throws (ConfigError, AppError, usage Error) with a message for the operator. */
export async function createAdmin(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<CreateAdminResult> {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  const config = parseConfig(cliEnvSchema, env);
  const parsed = argsSchema.safeParse({
    ...values,
    password: values.password ?? config.ADMIN_PASSWORD,
  });
  if (!parsed.success)
    throw new Error(`${parsed.error.issues.map((i) => i.message).join('\n')}\n${USAGE}`);

  const logger = createLogger({ service: 'identity-cli', level: 'warn' });
  const handle = await openDatabase({
    url: config.DATABASE_URL,
    // Where the runtime keeps identity's embedded database. npm runs workspace scripts in the
    // workspace folder; INIT_CWD is where the operator typed the command.
    dataDir: resolve(env.INIT_CWD ?? process.cwd(), config.DATA_DIR, 'identity', 'pgdata'),
    migrationsFolder: MIGRATIONS,
    logger,
    poolMax: 1,
  });
  try {
    const users = createUsersService({
      db: handle.db,
      hasher: createPasswordHasher(),
      onRegistered: enqueueUserRegistered,
    });
    const { user, created } = await users.provision({
      ...parsed.data,
      role: 'admin',
      resetPassword: true,
    });
    return { email: user.email, created };
  } finally {
    await handle.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  createAdmin(process.argv.slice(2)).then(
    ({ email, created }) => {
      process.stdout.write(`${created ? 'Created' : 'Promoted'} admin ${email}\n`);
    },
    (err: unknown) => {
      const lines = [err instanceof Error ? err.message : String(err)];
      if (err instanceof AppError && err.errors)
        lines.push(...err.errors.map((e) => `  ${e.field}: ${e.message}`));
      process.stderr.write(`${lines.join('\n')}\n`);
      process.exit(1);
    },
  );
}
