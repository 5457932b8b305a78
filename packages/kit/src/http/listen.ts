// Starts an HTTP server and closes it gracefully: stop accepting, let requests drain, then cut.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting connections and waits for in-flight requests, at most `timeoutMs`. */
  close(timeoutMs?: number): Promise<void>;
}

/** Serves `app` (an Express app or any request listener). */
export function listen(
  app: RequestListener,
  options: { host?: string; port?: number } = {},
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = createServer(app).listen(options.port ?? 0, host);
    server.keepAliveTimeout = 65_000;
    // Keep-alive connections would hold close() open until the timeout: once closing, answers
    // in flight say `Connection: close`, and each finished one lets its idle socket go.
    let closing = false;
    server.on('request', (_req, res) => {
      if (closing && !res.headersSent) res.setHeader('Connection', 'close');
      res.on('finish', () => {
        if (closing) setImmediate(() => server.closeIdleConnections());
      });
    });
    server.once('error', reject);
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      resolve({
        server,
        port,
        url: `http://${shownHost}:${port}`,
        close(timeoutMs = 10_000) {
          closing = true;
          return new Promise<void>((done) => {
            const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
            server.close(() => {
              clearTimeout(timer);
              done();
            });
            server.closeIdleConnections();
          });
        },
      });
    });
  });
}
