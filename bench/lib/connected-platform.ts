// The whole platform connected, as Kubernetes runs it: identity, catalog, showtimes, payments and
// booking each its own process on a fresh PostgreSQL database, with Redis and RabbitMQ, behind the
// edge. Their environment comes from services/edge/test/platform-env.test-support.ts, as the
// connected end-to-end tests' does.
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
import {
  PLATFORM_PROCESSES,
  platformEnvironments,
  type DatabaseService,
  type PlatformProcess,
} from '../../services/edge/test/platform-env.test-support.ts';
import { freePorts, startProcess, type ServiceProcess } from './services.ts';

export const DATABASE_SERVICES = PLATFORM_PROCESSES.filter(
  (name): name is DatabaseService => name !== 'edge',
);
export type { DatabaseService, PlatformProcess };

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
    const ports = await freePorts(PLATFORM_PROCESSES.length);
    const urls = Object.fromEntries(
      PLATFORM_PROCESSES.map((name, i) => [name, `http://127.0.0.1:${ports[i]}`]),
    ) as Record<PlatformProcess, string>;
    const envs = platformEnvironments({
      urls,
      databases,
      amqpUrl: broker.url,
      redisUrl: TEST_REDIS_URL,
      dataDir,
      admin,
    });
    const start = async (name: PlatformProcess) => {
      processes[name] = await startProcess(entry(name), envs[name], {
        port: ports[PLATFORM_PROCESSES.indexOf(name)],
      });
    };
    // In dependency order: each finds what it calls already answering.
    await start('identity');
    await Promise.all([start('catalog'), start('payments')]);
    await start('showtimes');
    await start('booking');
    await start('edge');
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
