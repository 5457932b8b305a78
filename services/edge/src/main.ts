// The edge as its own process (connected mode): routes to the service URLs given in the environment.
import { pathToFileURL } from 'node:url';
import { parseConfigOrExit } from '@marquee/kit/config';
import { listen, type RunningServer } from '@marquee/kit/http';
import { createLogger, type Logger } from '@marquee/kit/logging';
import { edgeConfigSchema, type EdgeConfig } from './config.ts';
import { createEdgeApp, type ServiceTargets } from './edge.app.ts';

export function targetsFromConfig(config: EdgeConfig): ServiceTargets {
  const targets: ServiceTargets = {
    identity: config.IDENTITY_URL,
    catalog: config.CATALOG_URL,
    showtimes: config.SHOWTIMES_URL,
    booking: config.BOOKING_URL,
    payments: config.PAYMENTS_URL,
    notification: config.NOTIFICATION_URL,
    reporting: config.REPORTING_URL,
  };
  return Object.fromEntries(Object.entries(targets).filter(([, url]) => url)) as ServiceTargets;
}

export async function startEdge(
  config: EdgeConfig,
  targets: () => ServiceTargets,
  logger: Logger = createLogger({ service: 'edge', level: config.LOG_LEVEL }),
): Promise<RunningServer> {
  const server = await listen(createEdgeApp({ logger, targets }), { host: config.HOST, port: config.PORT });
  logger.info({ url: server.url }, 'edge listening');
  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const config = parseConfigOrExit(edgeConfigSchema);
  const targets = targetsFromConfig(config);
  const server = await startEdge(config, () => targets);
  const stop = () => void server.close(config.SHUTDOWN_TIMEOUT_MS).then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
