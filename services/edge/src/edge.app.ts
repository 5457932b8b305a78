// The local edge: routes /api/... to the services by the gateway route table, as Kong does on
// Kubernetes. It forwards bodies untouched (no parsing here) and answers its own failures with
// problem+json.
import type { IncomingMessage } from 'node:http';
import { routeFor, type ServiceName } from '@marquee/contracts/gateway-routes';
import { createMetrics, sendProblem, type Metrics } from '@marquee/kit/http';
import type { Logger } from '@marquee/kit/logging';
import express, { type Express } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

export type ServiceTargets = Partial<Record<ServiceName, string>>;

export interface EdgeOptions {
  logger: Logger;
  /** Where each service answers; read on every request so a launcher can fill it in late. */
  targets: () => ServiceTargets;
  /** Services that must answer before the edge is ready (default: every target). */
  expected?: readonly ServiceName[];
  metrics?: Metrics;
}

interface RoutedRequest extends IncomingMessage {
  marqueeTarget?: string;
}

export function createEdgeApp(options: EdgeOptions): Express {
  const { logger, targets } = options;
  const metrics = options.metrics ?? createMetrics('edge');
  const app = express();
  app.disable('x-powered-by');

  app.use((req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = routeFor(req.path);
      end({
        method: req.method,
        route: route ? route.service : 'edge',
        status_code: String(res.statusCode),
      });
    });
    next();
  });

  app.get('/livez', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const current = targets();
    const names = options.expected ?? (Object.keys(current) as ServiceName[]);
    const checks = await Promise.all(
      names.map(async (service) => {
        const url = current[service];
        if (!url) return [service, 'starting'] as const;
        try {
          const r = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
          return [service, r.ok ? 'ok' : 'failing'] as const;
        } catch {
          return [service, 'failing'] as const;
        }
      }),
    );
    const failing = checks.filter(([, s]) => s !== 'ok').map(([name]) => name);
    if (failing.length > 0 || names.length === 0) {
      sendProblem(res, 503, 'unavailable', `Not ready: ${failing.join(', ') || 'no services'}.`, {
        checks: Object.fromEntries(checks),
      });
      return;
    }
    res.json({ status: 'ok', checks: Object.fromEntries(checks) });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.use((req, res, next) => {
    const route = routeFor(req.path);
    if (!route) {
      sendProblem(res, 404, 'not_found', `No route for ${req.method} ${req.path}.`);
      return;
    }
    const target = targets()[route.service];
    if (!target) {
      sendProblem(res, 503, 'unavailable', `The ${route.service} service is not running here.`);
      return;
    }
    (req as RoutedRequest).marqueeTarget = target;
    next();
  });

  app.use(
    createProxyMiddleware<IncomingMessage>({
      // The target is chosen per request above; this default is never reached.
      target: 'http://127.0.0.1:9',
      router: (req) => (req as RoutedRequest).marqueeTarget ?? 'http://127.0.0.1:9',
      changeOrigin: false,
      xfwd: true,
      proxyTimeout: 30_000,
      on: {
        error: (err, req, res) => {
          logger.warn({ err, url: req.url }, 'upstream failed');
          if ('writeHead' in res && !res.headersSent) {
            const body = JSON.stringify({
              type: 'https://marquee.dev/problems/bad-gateway',
              title: 'Bad Gateway',
              status: 502,
              detail: 'The service behind this route did not answer.',
            });
            res.writeHead(502, { 'content-type': 'application/problem+json' });
            res.end(body);
          }
        },
      },
    }),
  );
  return app;
}
