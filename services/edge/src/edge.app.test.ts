// The edge routes by the gateway table, forwards bodies untouched and reports its own failures.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen, type RunningServer } from '@marquee/kit/http';
import { createLogger } from '@marquee/kit/logging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEdgeApp, type ServiceTargets } from './edge.app.ts';

let upstream: Server;
let upstreamUrl: string;
let edge: RunningServer;
const targets: ServiceTargets = {};

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          body,
          forwardedFor: req.headers['x-forwarded-for'],
        }),
      );
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  targets.identity = upstreamUrl;
  targets.catalog = 'http://127.0.0.1:9'; // nothing listens on the discard port
  edge = await listen(
    createEdgeApp({
      logger: createLogger({ service: 'edge', level: 'silent' }),
      targets: () => targets,
    }),
  );
});
afterAll(async () => {
  await edge.close();
  upstream.close();
});

describe('edge', () => {
  it('forwards method, path, query and body to the owning service', async () => {
    const res = await fetch(`${edge.url}/api/auth/login?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":"a@b.c"}',
    });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as Record<string, string>;
    expect(seen).toMatchObject({
      method: 'POST',
      url: '/api/auth/login?x=1',
      body: '{"email":"a@b.c"}',
    });
    expect(seen.forwardedFor).toContain('127.0.0.1');
  });

  it('answers 404 problem+json for paths outside the route table', async () => {
    const res = await fetch(`${edge.url}/api/nowhere`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 503 for a service that is not running here, 502 for one that does not answer', async () => {
    expect((await fetch(`${edge.url}/api/bookings`)).status).toBe(503);
    const res = await fetch(`${edge.url}/api/movies`);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { title: string }).title).toBe('Bad Gateway');
  });

  it('answers its own probes and counts proxied requests by service in /metrics', async () => {
    expect((await fetch(`${edge.url}/livez`)).status).toBe(200);
    expect((await fetch(`${edge.url}/livez`, { method: 'HEAD' })).status).toBe(200);
    await fetch(`${edge.url}/api/auth/login`, { method: 'POST', body: '{}' });
    const metrics = await (await fetch(`${edge.url}/metrics`)).text();
    expect(metrics).toMatch(
      /http_request_duration_seconds_count\{[^}]*method="POST"[^}]*route="identity"[^}]*status_code="200"[^}]*\} [1-9]/,
    );
  });

  it('is ready only when every configured service is ready', async () => {
    const res = await fetch(`${edge.url}/readyz`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: Record<string, string> }).checks.catalog).toBe(
      'failing',
    );
  });

  it('is not ready while an expected service has not started', async () => {
    const logger = createLogger({ service: 'edge', level: 'silent' });
    const early = await listen(
      createEdgeApp({
        logger,
        targets: () => ({ identity: upstreamUrl }),
        expected: ['identity', 'reporting'],
      }),
    );
    try {
      const res = await fetch(`${early.url}/readyz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { checks: Record<string, string> }).checks).toEqual({
        identity: 'ok',
        reporting: 'starting',
      });
    } finally {
      await early.close();
    }
  });
});
