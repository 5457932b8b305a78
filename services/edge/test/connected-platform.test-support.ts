// Test support: the platform in connected mode, each service its own process on a fresh
// PostgreSQL database of its own, real Redis and RabbitMQ, the edge in front. Tests may give any
// service extra environment (e.g. a broker URL through a proxy they can cut) and restart one.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createBrokerVhost,
  createTestDatabase,
  TEST_AMQP_URL,
  TEST_REDIS_URL,
  uniqueSuffix,
  type TestDatabase,
} from '@marquee/kit/testing';
import pg from 'pg';
import {
  PLATFORM_PROCESSES,
  platformEnvironments,
  type DatabaseService,
  type PlatformProcess,
} from './platform-env.test-support.ts';
import {
  createApiClient,
  freePorts,
  nodeBinary,
  spawnChild,
  waitUntilReady,
  type ApiCall,
  type ChildHandle,
} from './e2e.test-support.ts';

export const SERVICES = PLATFORM_PROCESSES;
export type ServiceName = PlatformProcess;
type Stateful = DatabaseService;
type ExtraEnv = Partial<Record<ServiceName, Record<string, string>>>;

const READY_TIMEOUT_MS = 100_000;

export interface ConnectedPlatform {
  urls: Record<ServiceName, string>;
  /** This platform's own RabbitMQ vhost: queues of other test runs never take its messages. */
  amqpUrl: string;
  databases: Record<Stateful, TestDatabase>;
  running: Partial<Record<ServiceName, ChildHandle>>;
  admin: { email: string; password: string };
  call: ApiCall;
  /** Starts (again) one service with its environment and waits until it is ready. */
  start(name: ServiceName): Promise<ChildHandle>;
  /** One SQL query against a service's own database. */
  query<R = Record<string, unknown>>(
    name: Stateful,
    text: string,
    values?: unknown[],
  ): Promise<R[]>;
  stop(): Promise<void>;
}

export async function startConnectedPlatform(
  options: {
    /** Extra environment per service; a function is given this platform's own broker URL first. */
    env?: ExtraEnv | ((platform: { amqpUrl: string }) => Promise<ExtraEnv> | ExtraEnv);
    admin?: { email: string; password: string };
  } = {},
): Promise<ConnectedPlatform> {
  const admin = options.admin ?? {
    email: `admin-${randomBytes(4).toString('hex')}@example.com`,
    password: 'Admin passphrase for e2e',
  };
  const stateful = SERVICES.filter((s): s is Stateful => s !== 'edge');
  const databases = Object.fromEntries(
    await Promise.all(
      stateful.map(async (name) => [name, await createTestDatabase(`marquee_e2e_${name}`)]),
    ),
  ) as Record<Stateful, TestDatabase>;
  const dataDir = await mkdtemp(join(tmpdir(), 'marquee-connected-'));
  const vhost = await createBrokerVhost(TEST_AMQP_URL, `marquee-e2e-${uniqueSuffix()}`);
  if (vhost.fallback) process.stderr.write(`connected platform: ${vhost.fallback}\n`);
  const extraEnv =
    typeof options.env === 'function' ? await options.env({ amqpUrl: vhost.url }) : options.env;
  const ports = await freePorts(SERVICES.length);
  const urls = Object.fromEntries(
    SERVICES.map((name, i) => [name, `http://127.0.0.1:${ports[i]}`]),
  ) as Record<ServiceName, string>;
  const base = platformEnvironments({
    urls,
    databases,
    amqpUrl: vhost.url,
    redisUrl: TEST_REDIS_URL,
    dataDir,
    admin,
  });
  const envs = {} as Record<ServiceName, NodeJS.ProcessEnv>;
  for (const name of SERVICES) envs[name] = { ...process.env, LOG_LEVEL: 'warn', ...base[name] };
  for (const [name, extra] of Object.entries(extraEnv ?? {}))
    Object.assign(envs[name as ServiceName], extra);

  const running: Partial<Record<ServiceName, ChildHandle>> = {};
  const spawnService = (name: ServiceName) => {
    const child = spawnChild(name, nodeBinary, [`services/${name}/src/main.ts`], envs[name]);
    running[name] = child;
    return child;
  };
  const all = SERVICES.map(spawnService);
  await Promise.all(SERVICES.map((name) => waitUntilReady(urls[name], all, READY_TIMEOUT_MS)));

  return {
    urls,
    amqpUrl: vhost.url,
    databases,
    running,
    admin,
    call: createApiClient(urls.edge),
    async start(name) {
      const child = spawnService(name);
      await waitUntilReady(urls[name], [child], READY_TIMEOUT_MS);
      return child;
    },
    async query(name, text, values = []) {
      const client = new pg.Client({ connectionString: databases[name].url });
      await client.connect();
      try {
        return (await client.query(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    async stop() {
      await Promise.allSettled(Object.values(running).map((child) => child.stop(5_000)));
      await Promise.allSettled(Object.values(databases).map((db) => db.drop()));
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      await vhost.drop();
    },
  };
}
