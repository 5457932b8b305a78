// The whole platform in one process on its embedded defaults. Each service keeps its own PGlite
// database under DATA_DIR; the bus and caches are in-process; the edge serves /api/....
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startBooking } from '@marquee/booking';
import { startCatalog } from '@marquee/catalog';
import { startIdentity } from '@marquee/identity';
import { startPayments } from '@marquee/payments';
import { startShowtimes } from '@marquee/showtimes';
import { parseConfig } from '@marquee/kit/config';
import { createPgliteTemplate } from '@marquee/kit/db';
import { createInProcessBus } from '@marquee/kit/bus';
import { createLogger } from '@marquee/kit/logging';
import type { RunningService, SharedInfrastructure } from '@marquee/kit/runtime';
import { edgeConfigSchema } from './config.ts';
import type { ServiceTargets } from './edge.app.ts';
import { startEdge } from './edge.ts';

const INFRASTRUCTURE_VARIABLES = ['DATABASE_URL', 'REDIS_URL', 'AMQP_URL'];

export async function startPlatform(): Promise<void> {
  const startedAt = performance.now();
  const config = parseConfig(edgeConfigSchema, process.env);
  const logger = createLogger({ service: 'platform', level: config.LOG_LEVEL });
  const ignored = INFRASTRUCTURE_VARIABLES.filter((name) => process.env[name]);
  if (ignored.length > 0) {
    logger.warn(
      { ignored },
      'embedded mode ignores infrastructure variables; run services one by one to connect',
    );
  }

  const targets: ServiceTargets = {};
  const serviceLogger = (service: string) => createLogger({ service, level: config.LOG_LEVEL });
  const expected = ['identity', 'catalog', 'showtimes', 'payments', 'booking'] as const;
  const edge = await startEdge(config, () => targets, { logger: serviceLogger('edge'), expected });

  // Services are told where the JWKS is through the edge, the way they reach it on Kubernetes.
  const env: Record<string, string | undefined> = {
    LOG_LEVEL: config.LOG_LEVEL,
    DATA_DIR: config.DATA_DIR,
    HOST: '127.0.0.1',
    PORT: '0',
    JWKS_URL: `${edge.url}/.well-known/jwks.json`,
    SEED_DEMO_DATA: 'true',
    ADMIN_EMAIL: process.env.ADMIN_EMAIL,
    ADMIN_PASSWORD: process.env.ADMIN_PASSWORD,
    ADMIN_NAME: process.env.ADMIN_NAME,
  };
  // Booking's client secret for its own service token lives only in this process: both sides of
  // the client-credentials grant are started here, so a fresh one each start is enough.
  const bookingSecret = randomBytes(32).toString('hex');
  const identityEnv = { ...env, SERVICE_CLIENTS: `booking:${bookingSecret}` };
  const shared: SharedInfrastructure = {
    // Durable: its journal sits beside the embedded databases, so an event relayed from an outbox
    // but not yet handled is delivered again after a restart (docs/messaging.md).
    bus: createInProcessBus({
      logger: serviceLogger('bus'),
      journal: join(config.DATA_DIR, 'bus', 'journal.jsonl'),
    }),
    pgliteTemplate: createPgliteTemplate(),
  };
  const common = { shared, handleSignals: false, seedDemoData: true };
  const started = (name: keyof ServiceTargets) => (service: RunningService) => {
    targets[name] = service.url;
    return service;
  };
  // Showtimes reads the catalog over HTTP (its demo schedule too), so it starts once the catalog
  // answers; identity and payments start alongside both; booking once showtimes and payments do.
  const [identity, payments, [catalog, showtimes]] = await Promise.all([
    startIdentity(identityEnv, { ...common, logger: serviceLogger('identity') }).then(
      started('identity'),
    ),
    startPayments(env, { ...common, logger: serviceLogger('payments') }).then(started('payments')),
    startCatalog(env, { ...common, logger: serviceLogger('catalog') })
      .then(started('catalog'))
      .then(async (catalogService) => {
        const showtimesEnv = { ...env, CATALOG_URL: catalogService.url };
        const showtimesService = await startShowtimes(showtimesEnv, {
          ...common,
          logger: serviceLogger('showtimes'),
        }).then(started('showtimes'));
        return [catalogService, showtimesService] as const;
      }),
  ]);
  const booking = await startBooking(
    {
      ...env,
      SHOWTIMES_URL: showtimes.url,
      PAYMENTS_URL: payments.url,
      SERVICE_TOKEN_URL: `${edge.url}/api/auth/token`,
      SERVICE_CLIENT_ID: 'booking',
      SERVICE_CLIENT_SECRET: bookingSecret,
    },
    { ...common, logger: serviceLogger('booking') },
  ).then(started('booking'));
  const services = [identity, catalog, showtimes, payments, booking];

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  logger.info({ url: edge.url, seconds, services: Object.keys(targets) }, 'Marquee is ready');
  process.stdout.write(
    `\nMarquee is ready at ${edge.url} (${seconds}s)\n` +
      `  try: curl ${edge.url}/api/movies\n` +
      `       curl ${edge.url}/api/showtimes\n` +
      `  demo logins: see README.md\n\n`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await edge.close(config.SHUTDOWN_TIMEOUT_MS);
    await Promise.all(services.map((s) => s.stop()));
    await shared.bus.close();
    process.exit(0);
  };
  process.once('SIGTERM', (s) => void stop(s));
  process.once('SIGINT', (s) => void stop(s));
}
