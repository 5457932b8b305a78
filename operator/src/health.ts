// The operator's probes and metrics over HTTP: /healthz (alive: informers not wedged), /readyz
// (informers synced; a replica that is not the leader is ready too, it is a warm standby) and
// /metrics, on one port or two.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface Check {
  ok: boolean;
  detail: Record<string, unknown>;
}

export interface HealthServersOptions {
  host: string;
  healthPort: number;
  metricsPort: number;
  live(): Check;
  ready(): Check;
  registry: Registry;
}

export interface HealthServers {
  healthUrl: string;
  metricsUrl: string;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shown === '0.0.0.0' ? '127.0.0.1' : shown}:${address.port}`);
    });
  });
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

export async function startHealthServers(options: HealthServersOptions): Promise<HealthServers> {
  const probe = (check: Check, res: ServerResponse) => {
    res.writeHead(check.ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: check.ok ? 'ok' : 'failing', ...check.detail }));
  };
  const metrics = async (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': options.registry.contentType });
    res.end(await options.registry.metrics());
  };
  const routes =
    (serveProbes: boolean, serveMetrics: boolean) =>
    async (req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0];
      try {
        if (serveProbes && (path === '/healthz' || path === '/livez'))
          return probe(options.live(), res);
        if (serveProbes && path === '/readyz') return probe(options.ready(), res);
        if (serveMetrics && path === '/metrics') return await metrics(res);
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      } catch {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('error\n');
      }
    };

  const shared = options.healthPort === options.metricsPort && options.healthPort !== 0;
  const health = createServer(routes(true, shared));
  const healthUrl = await listen(health, options.healthPort, options.host);
  if (shared) {
    return { healthUrl, metricsUrl: healthUrl, close: () => close(health) };
  }
  const metricsServer = createServer(routes(false, true));
  const metricsUrl = await listen(metricsServer, options.metricsPort, options.host).catch(
    async (err: unknown) => {
      await close(health);
      throw err;
    },
  );
  return {
    healthUrl,
    metricsUrl,
    close: async () => {
      await Promise.all([close(health), close(metricsServer)]);
    },
  };
}
