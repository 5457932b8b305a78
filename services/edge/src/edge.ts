// Starting the edge: its targets come from the environment (connected) or from the launcher (embedded).
import { listen, type RunningServer } from '@marquee/kit/http';
import { createLogger, type Logger } from '@marquee/kit/logging';
import type { EdgeConfig } from './config.ts';
import type { ServiceName } from '@marquee/contracts/gateway-routes';
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
  options: { logger?: Logger; expected?: readonly ServiceName[] } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ service: 'edge', level: config.LOG_LEVEL });
  const app = createEdgeApp({ logger, targets, expected: options.expected });
  const server = await listen(app, { host: config.HOST, port: config.PORT });
  logger.info({ url: server.url }, 'edge listening');
  return server;
}
