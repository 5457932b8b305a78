// Configuration: one zod schema per service, parsed once at start; a bad value names the variable.
import { z } from 'zod';

export class ConfigError extends Error {
  readonly problems: { variable: string; message: string }[];
  constructor(problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses `env` with `schema`; throws ConfigError naming every variable at fault. */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: issue.path.join('.') || '(environment)',
      message: issue.message,
    })),
  );
}

/** Like parseConfig, but prints the problem and stops the process: for main.ts only. */
export function parseConfigOrExit<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  try {
    return parseConfig(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(1);
    }
    throw err;
  }
}

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

/** An optional string variable where an empty value counts as unset. */
export const optionalString = () => z.preprocess(emptyToUndefined, z.string().min(1).optional());
export const optionalUrl = () => z.preprocess(emptyToUndefined, z.url().optional());

export const portSchema = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

export const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Variables every service reads. Infrastructure URLs are optional: when unset, the service runs
 * embedded (PGlite under DATA_DIR, in-process bus and cache).
 */
export const baseConfigShape = {
  HOST: z.string().default('127.0.0.1'),
  PORT: portSchema.default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: optionalUrl(),
  REDIS_URL: optionalUrl(),
  AMQP_URL: optionalUrl(),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl(),
  BODY_LIMIT: z.string().default('100kb'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
};

export const baseConfigSchema = z.object(baseConfigShape);

/**
 * Variables of a service that calls other services with a token of role `service` (client
 * credentials at identity's SERVICE_TOKEN_URL). All optional: unset means the service makes no
 * such calls, or a test hands it a token source; see serviceTokenSourceFromConfig in @marquee/kit/auth.
 */
export const serviceClientConfigShape = {
  SERVICE_TOKEN_URL: optionalUrl(),
  SERVICE_CLIENT_ID: optionalString(),
  SERVICE_CLIENT_SECRET: optionalString(),
};
export type BaseConfig = z.output<typeof baseConfigSchema>;
