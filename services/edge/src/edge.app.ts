// The local edge: routes /api/... to the services by the gateway route table, as Kong does on
// Kubernetes. It forwards bodies untouched (no parsing here) and answers its own failures with
// problem+json. A plain node:http handler in front of http-proxy-middleware: the edge needs no
// framework, and Express cost more than half of its CPU per proxied request (npm run bench:edge).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { routeFor, type ServiceName } from '@marquee/contracts/gateway-routes';
import { createMetrics, sendProblem, type Metrics } from '@marquee/kit/http';
import type { Logger } from '@marquee/kit/logging';
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

const pathOf = (url: string | undefined) => (url ?? '/').split('?', 1)[0] ?? '/';

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function createEdgeApp(options: EdgeOptions): RequestListener {
  const { logger, targets } = options;
  const metrics = options.metrics ?? createMetrics('edge');

  async function readiness() {
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
      return { ok: false as const, failing, checks: Object.fromEntries(checks) };
    }
    return { ok: true as const, checks: Object.fromEntries(checks) };
  }

  const proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
    // The target is chosen per request below; this default is never reached.
    target: 'http://127.0.0.1:9',
    router: (req) => (req as RoutedRequest).marqueeTarget ?? 'http://127.0.0.1:9',
    changeOrigin: false,
    xfwd: true,
    proxyTimeout: 30_000,
    on: {
      error: (err, req, res) => {
        logger.warn({ err, url: req.url }, 'upstream failed');
        if ('writeHead' in res) {
          sendProblem(res, 502, 'bad_gateway', 'The service behind this route did not answer.');
        }
      },
    },
  });

  return (req, res) => {
    const path = pathOf(req.url);
    const route = routeFor(path);
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () =>
      end({
        method: req.method ?? 'GET',
        route: route ? route.service : 'edge',
        status_code: String(res.statusCode),
      }),
    );

    const read = req.method === 'GET' || req.method === 'HEAD';
    if (read && path === '/livez') return sendJson(res, 200, { status: 'ok' });
    if (read && path === '/readyz') {
      void readiness().then((ready) =>
        ready.ok
          ? sendJson(res, 200, { status: 'ok', checks: ready.checks })
          : sendProblem(
              res,
              503,
              'unavailable',
              `Not ready: ${ready.failing.join(', ') || 'no services'}.`,
              { checks: ready.checks },
            ),
      );
      return;
    }
    if (read && path === '/metrics') {
      void metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      });
      return;
    }
    if (!route) return sendProblem(res, 404, 'not_found', `No route for ${req.method} ${path}.`);
    const target = targets()[route.service];
    if (!target) {
      return sendProblem(
        res,
        503,
        'unavailable',
        `The ${route.service} service is not running here.`,
      );
    }
    (req as RoutedRequest).marqueeTarget = target;
    proxy(req, res).catch((err: unknown) => {
      logger.warn({ err, url: req.url }, 'proxying failed');
      sendProblem(res, 502, 'bad_gateway', 'The service behind this route did not answer.');
    });
  };
}
