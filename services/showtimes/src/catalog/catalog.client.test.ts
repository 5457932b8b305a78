// The catalog client carries the caller's trace to the catalog, as every call between services does.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runWithTraceContext, startTracing } from '@marquee/kit/tracing';
import { expect, it } from 'vitest';
import { createCatalogClient } from './catalog.client.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

it("sends the caller's traceparent with each request to the catalog", async () => {
  const tracing = startTracing({ serviceName: 'catalog-client-test' });
  const movie = {
    id: randomUUID(),
    title: 'Test Feature',
    runtimeMinutes: 100,
    releaseDate: '2030-01-01',
    deletedAt: null,
  };
  let headers: IncomingHttpHeaders = {};
  const server = createServer((req, res) => {
    headers = req.headers;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(movie));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const catalog = createCatalogClient({ baseUrl: `http://127.0.0.1:${port}` });

    const read = await runWithTraceContext(
      { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
      () => catalog.getMovie(movie.id),
    );

    expect(read).toEqual(movie);
    expect(headers.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await tracing.shutdown();
  }
});
