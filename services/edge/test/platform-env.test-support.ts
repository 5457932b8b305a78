// The environment of every process of the connected platform, in one place: what README.md
// "Running connected" asks of each service, with keys and booking's client secret generated per
// run. The connected end-to-end tests and bench/ both start the platform from it.
import { generateKeyPairSync, randomBytes } from 'node:crypto';

export const PLATFORM_PROCESSES = [
  'identity',
  'catalog',
  'showtimes',
  'payments',
  'booking',
  'edge',
] as const;
export type PlatformProcess = (typeof PLATFORM_PROCESSES)[number];
export type DatabaseService = Exclude<PlatformProcess, 'edge'>;

export interface PlatformEnvInput {
  /** Where each process will listen, e.g. http://127.0.0.1:43121 (its PORT is taken from it). */
  urls: Record<PlatformProcess, string>;
  databases: Record<DatabaseService, { url: string }>;
  amqpUrl: string;
  redisUrl: string;
  dataDir: string;
  admin: { email: string; password: string };
}

export function platformEnvironments(
  input: PlatformEnvInput,
): Record<PlatformProcess, Record<string, string>> {
  const { urls, databases } = input;
  const port = (name: PlatformProcess) => new URL(urls[name]).port;
  const jwks = `${urls.identity}/.well-known/jwks.json`;
  const secret = randomBytes(24).toString('hex');
  const shared = { DATA_DIR: input.dataDir, REDIS_URL: input.redisUrl, AMQP_URL: input.amqpUrl };
  const own = (name: DatabaseService) => ({
    ...shared,
    DATABASE_URL: databases[name].url,
    PORT: port(name),
  });
  const key = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  return {
    identity: {
      ...own('identity'),
      JWT_PRIVATE_KEY: JSON.stringify(key().export({ format: 'jwk' })),
      ADMIN_EMAIL: input.admin.email,
      ADMIN_PASSWORD: input.admin.password,
      SERVICE_CLIENTS: `booking:${secret}`,
    },
    catalog: { ...own('catalog'), JWKS_URL: jwks },
    showtimes: { ...own('showtimes'), JWKS_URL: jwks, CATALOG_URL: urls.catalog },
    payments: { ...own('payments'), JWKS_URL: jwks },
    booking: {
      ...own('booking'),
      JWKS_URL: jwks,
      SHOWTIMES_URL: urls.showtimes,
      PAYMENTS_URL: urls.payments,
      SERVICE_TOKEN_URL: `${urls.identity}/api/auth/token`,
      SERVICE_CLIENT_ID: 'booking',
      SERVICE_CLIENT_SECRET: secret,
      TICKET_SIGNING_KEY: key().export({ format: 'pem', type: 'pkcs8' }).toString(),
    },
    edge: {
      ...shared,
      PORT: port('edge'),
      IDENTITY_URL: urls.identity,
      CATALOG_URL: urls.catalog,
      SHOWTIMES_URL: urls.showtimes,
      PAYMENTS_URL: urls.payments,
      BOOKING_URL: urls.booking,
    },
  };
}
