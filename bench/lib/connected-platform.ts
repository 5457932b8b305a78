// The whole platform connected, as Kubernetes runs it: identity, catalog, showtimes, payments and
// booking each its own process on a fresh PostgreSQL database, with Redis and RabbitMQ, behind the
// edge. Keys and booking's client secret are generated per run, as README.md "Running connected" asks.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createBrokerVhost,
  createTestDatabase,
  TEST_AMQP_URL,
  TEST_REDIS_URL,
  uniqueSuffix,
  type BrokerVhost,
  type TestDatabase,
} from '@marquee/kit/testing';
import { startProcess, type ServiceProcess } from './services.ts';

export const DATABASE_SERVICES = [
  'identity',
  'catalog',
  'showtimes',
  'payments',
  'booking',
] as const;
export type DatabaseService = (typeof DATABASE_SERVICES)[number];
export type PlatformProcess = DatabaseService | 'edge';

export interface ConnectedPlatform {
  edgeUrl: string;
  processes: Record<PlatformProcess, ServiceProcess>;
  databases: Record<DatabaseService, TestDatabase>;
  admin: { email: string; password: string };
  /** The RabbitMQ vhost the services share (a fresh one per run when rabbitmqctl allows). */
  broker: BrokerVhost;
  stop(): Promise<void>;
}

const entry = (service: PlatformProcess) =>
  fileURLToPath(new URL(`../../services/${service}/src/main.ts`, import.meta.url));

/** Starts every service (in dependency order) and the edge; `stop()` ends them and drops the databases. */
export async function startConnectedPlatform(prefix: string): Promise<ConnectedPlatform> {
  const databases = {} as Record<DatabaseService, TestDatabase>;
  const processes = {} as Record<PlatformProcess, ServiceProcess>;
  const dataDir = await mkdtemp(join(tmpdir(), 'marquee-bench-'));
  const broker = await createBrokerVhost(TEST_AMQP_URL, `${prefix}_${uniqueSuffix()}`);
  const stop = async () => {
    // The edge first, booking before what it calls, identity last: nothing calls a stopped service.
    for (const name of ['edge', 'booking', 'showtimes', 'payments', 'catalog', 'identity'] as const)
      await processes[name]?.stop();
    await Promise.allSettled(Object.values(databases).map((db) => db.drop()));
    await rm(dataDir, { recursive: true, force: true });
    await broker.drop();
  };

  try {
    for (const service of DATABASE_SERVICES)
      databases[service] = await createTestDatabase(`${prefix}_${service}`);
    const admin = {
      email: `admin-${uniqueSuffix()}@example.com`,
      password: 'Bench admin passphrase',
    };
    const bookingSecret = randomBytes(32).toString('hex');
    const shared = { DATA_DIR: dataDir, REDIS_URL: TEST_REDIS_URL, AMQP_URL: broker.url };
    const withDb = (service: DatabaseService, env: Record<string, string>) => ({
      ...shared,
      DATABASE_URL: databases[service].url,
      ...env,
    });
    const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

    processes.identity = await startProcess(
      entry('identity'),
      withDb('identity', {
        JWT_PRIVATE_KEY: JSON.stringify(signingKey.export({ format: 'jwk' })),
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        SERVICE_CLIENTS: `booking:${bookingSecret}`,
      }),
    );
    const identity = processes.identity.url;
    const JWKS_URL = `${identity}/.well-known/jwks.json`;
    [processes.catalog, processes.payments] = await Promise.all([
      startProcess(entry('catalog'), withDb('catalog', { JWKS_URL })),
      startProcess(entry('payments'), withDb('payments', { JWKS_URL })),
    ]);
    processes.showtimes = await startProcess(
      entry('showtimes'),
      withDb('showtimes', { JWKS_URL, CATALOG_URL: processes.catalog.url }),
    );
    const ticketKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    processes.booking = await startProcess(
      entry('booking'),
      withDb('booking', {
        JWKS_URL,
        SHOWTIMES_URL: processes.showtimes.url,
        PAYMENTS_URL: processes.payments.url,
        SERVICE_TOKEN_URL: `${identity}/api/auth/token`,
        SERVICE_CLIENT_ID: 'booking',
        SERVICE_CLIENT_SECRET: bookingSecret,
        TICKET_SIGNING_KEY: ticketKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      }),
    );
    processes.edge = await startProcess(entry('edge'), {
      DATA_DIR: dataDir,
      IDENTITY_URL: identity,
      CATALOG_URL: processes.catalog.url,
      SHOWTIMES_URL: processes.showtimes.url,
      PAYMENTS_URL: processes.payments.url,
      BOOKING_URL: processes.booking.url,
    });
    return { edgeUrl: processes.edge.url, processes, databases, admin, broker, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Lines a process logged at warn or above (pino levels 40+), for the report. */
export function warningsOf(process: ServiceProcess): string[] {
  return process
    .output()
    .split('\n')
    .filter((line) => /"level":(4|5|6)\d/.test(line) || /^(Error|TypeError)/.test(line));
}

/** One line per process that logged warnings or errors: how many, and the first few messages. */
export function warningSummary(processes: Record<PlatformProcess, ServiceProcess>): string[] {
  return Object.entries(processes).flatMap(([name, process]) => {
    const lines = warningsOf(process);
    if (lines.length === 0) return [];
    const messages = new Set(
      lines.map((line) => {
        try {
          const entry = JSON.parse(line) as {
            msg?: string;
            type?: string;
            err?: { message?: string };
          };
          const detail = [entry.type, entry.err?.message?.slice(0, 160)].filter(Boolean).join(': ');
          return detail ? `${entry.msg} (${detail})` : String(entry.msg);
        } catch {
          return line.slice(0, 120);
        }
      }),
    );
    return [`  ${name}: ${lines.length} (${[...messages].slice(0, 3).join(' | ')})`];
  });
}
