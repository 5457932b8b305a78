// Calls to another service: JSON both ways with the service's token, the trace carried along, a
// retry with a fresh token after a 401, and `unavailable` when the service cannot be had in time.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '@marquee/kit/errors';
import { runWithTraceContext, startTracing, type Tracing } from '@marquee/kit/tracing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUpstream } from './upstream.ts';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

let tracing: Tracing;
let server: Server;
let base: string;
let seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
/** What the server answers next, by call. */
let answer: (n: number) => { status: number; body?: string; delayMs?: number };

beforeAll(async () => {
  // As a service runs without an exporter: trace ids, nothing recorded.
  tracing = startTracing({ serviceName: 'upstream-test' });
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      const reply = answer(seen.length);
      setTimeout(() => {
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(reply.body ?? '');
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await tracing.shutdown();
});
beforeEach(() => {
  seen = [];
  answer = () => ({ status: 200, body: '{"ok":true}' });
});

function upstream(timeoutMs = 2_000) {
  let issued = 0;
  return createUpstream({
    name: 'showtimes',
    baseUrl: base,
    timeoutMs,
    tokens: {
      token: async () => `token-${issued}`,
      invalidate: () => {
        issued += 1;
      },
    },
  });
}

describe('upstream', () => {
  it("sends JSON with the service's token and the caller's trace, and reads JSON back", async () => {
    const reply = await runWithTraceContext(
      { traceparent: `00-${TRACE_ID}-b7ad6b7169203331-01` },
      () => upstream().call('POST', '/api/holds/h1/confirm', { body: { bookingRef: 'b1' } }),
    );

    expect(reply).toEqual({ status: 200, body: { ok: true } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/holds/h1/confirm' });
    expect(JSON.parse(seen[0]!.body)).toEqual({ bookingRef: 'b1' });
    expect(seen[0]!.headers).toMatchObject({
      authorization: 'Bearer token-0',
      'content-type': 'application/json',
      traceparent: expect.stringMatching(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`)),
    });
  });

  it('asks again once with a fresh token after a 401', async () => {
    answer = (n) => (n === 1 ? { status: 401 } : { status: 200, body: '{"n":2}' });

    const reply = await upstream().call('GET', '/api/holds/h1');

    expect(reply).toEqual({ status: 200, body: { n: 2 } });
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer token-0', 'Bearer token-1']);
  });

  it('passes other statuses on, with a body that is not JSON read as none', async () => {
    answer = () => ({ status: 409, body: 'not json' });

    expect(await upstream().call('GET', '/x')).toEqual({ status: 409, body: undefined });
  });

  it('is unavailable when the service does not answer in time, or cannot be reached', async () => {
    answer = () => ({ status: 200, body: '{}', delayMs: 500 });
    const late = await upstream(100)
      .call('GET', '/slow')
      .catch((e: unknown) => e);
    expect(late).toBeInstanceOf(AppError);
    expect((late as AppError).status).toBe(503);

    const gone = await createUpstream({
      name: 'payments',
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 1_000,
      tokens: { token: async () => 't', invalidate: () => undefined },
    })
      .call('GET', '/x')
      .catch((e: unknown) => e);
    expect((gone as AppError).status).toBe(503);
    expect((gone as AppError).message).toMatch(/payments service could not be reached/);
  });
});
