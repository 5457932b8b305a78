// The express app every service starts from: security headers, request ids, logging, body limit,
// health, metrics, OpenAPI, and problem+json for every error.
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from '../logging/index.ts';
import { continueTrace } from '../tracing/continue-trace.ts';
import { accessLog } from './access-log.ts';
import { createMetrics, measureRequests, type Metrics } from './metrics.ts';
import { createErrorHandler, notFoundHandler, sendProblem } from './problem.ts';
import { requestId } from './request-id.ts';
import type { Routes } from './routes.ts';

export type ReadinessChecks = Record<string, () => Promise<unknown>>;

export interface ServiceAppOptions {
  name: string;
  logger: Logger;
  routes: Routes;
  readiness?: ReadinessChecks;
  bodyLimit?: string;
  metrics?: Metrics;
  openapi?: { title: string; version: string; description?: string };
}

const QUIET_PATHS = new Set(['/livez', '/readyz', '/metrics']);
const READINESS_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

export function createServiceApp(options: ServiceAppOptions): Express {
  const { logger, routes } = options;
  const metrics = options.metrics ?? createMetrics(options.name);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.set('query parser', 'simple');

  // First, so the request id, the access log and everything after see the trace ids.
  app.use(continueTrace);
  app.use(requestId);
  app.use(measureRequests(metrics));
  app.use(accessLog(logger, QUIET_PATHS));
  app.use(helmet());
  app.use(express.json({ limit: options.bodyLimit ?? '100kb', strict: true }));

  app.get('/livez', (_req, res) => {
    res.locals.routeTemplate = '/livez';
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    res.locals.routeTemplate = '/readyz';
    const checks = Object.entries(options.readiness ?? {});
    const results = await Promise.all(
      checks.map(async ([name, check]) => {
        try {
          await withTimeout(check(), READINESS_TIMEOUT_MS);
          return [name, 'ok'] as const;
        } catch (err) {
          logger.warn({ err, check: name }, 'readiness check failed');
          return [name, 'failing'] as const;
        }
      }),
    );
    const failing = results.filter(([, state]) => state !== 'ok').map(([name]) => name);
    if (failing.length > 0) {
      sendProblem(res, 503, 'unavailable', `Not ready: ${failing.join(', ')} failing.`, {
        checks: Object.fromEntries(results),
      });
      return;
    }
    res.json({ status: 'ok', checks: Object.fromEntries(results) });
  });
  app.get('/metrics', async (_req, res) => {
    res.locals.routeTemplate = '/metrics';
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  if (options.openapi) {
    const info = options.openapi;
    let document: object | undefined;
    app.get('/openapi.json', (_req, res) => {
      res.locals.routeTemplate = '/openapi.json';
      document ??= routes.openapi(info);
      res.json(document);
    });
  }

  app.use(routes.router);
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
