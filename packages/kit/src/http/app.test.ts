// Component test of the service app: a real HTTP server on port 0, spoken to with fetch.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { conflict } from '../errors/index.ts';
import { createLogger } from '../logging/index.ts';
import { createServiceApp } from './app.ts';
import { listen, type RunningServer } from './listen.ts';
import { createRoutes } from './routes.ts';

const logLines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    logLines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

let server: RunningServer;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response): Promise<any> => res.json();
let ready = true;
const written: unknown[] = [];

beforeAll(async () => {
  const routes = createRoutes();
  routes.add(
    {
      method: 'post',
      path: '/api/things/{id}',
      summary: 'Make a thing',
      request: {
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({ name: z.string().min(1).max(20), count: z.number().int() }),
      },
      responses: { 201: { description: 'made' } },
    },
    ({ params, body, res }) => {
      written.push(body);
      res.status(201).json({ id: params.id, ...body });
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/api/boom',
      summary: 'fails',
      responses: { 500: { description: 'x' } },
    },
    () => {
      throw new Error('secret database password is hunter2');
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/api/taken',
      summary: 'conflict',
      responses: { 409: { description: 'x' } },
    },
    () => {
      throw conflict('Seats are taken.', { unavailable: ['A1'] });
    },
  );
  const app = createServiceApp({
    name: 'test',
    logger: createLogger({ service: 'test', destination: sink }),
    routes,
    bodyLimit: '1kb',
    readiness: { database: async () => (ready ? undefined : Promise.reject(new Error('down'))) },
    openapi: { title: 'test', version: '1' },
  });
  server = await listen(app);
});
afterAll(() => server.close());

const id = '4b1e2c8a-5a5c-4a4f-9d6e-0f6f7c8b9a01';
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('service app', () => {
  it('runs a valid request through to the handler', async () => {
    const res = await post(`/api/things/${id}`, JSON.stringify({ name: 'a', count: 2 }));
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({ id, name: 'a', count: 2 });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('names every field at fault and does not call the handler', async () => {
    const before = written.length;
    const res = await post(
      '/api/things/not-a-uuid',
      JSON.stringify({ name: '', count: 'x', extra: 1 }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json(res);
    const fields = problem.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['params.id']);
    const res2 = await post(
      `/api/things/${id}`,
      JSON.stringify({ name: '', count: 'x', extra: 1 }),
    );
    const fields2 = (await json(res2)).errors.map((e: { field: string }) => e.field).sort();
    expect(fields2).toEqual(['body.count', 'body.extra', 'body.name']);
    expect(written.length).toBe(before);
  });

  it('answers malformed JSON with 400 and oversized bodies with 413', async () => {
    const bad = await post(`/api/things/${id}`, '{"name": ');
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors[0].field).toBe('body');
    const big = await post(
      `/api/things/${id}`,
      JSON.stringify({ name: 'x'.repeat(5000), count: 1 }),
    );
    expect(big.status).toBe(413);
    expect((await json(big)).title).toBe('Content Too Large');
  });

  it('hides unknown errors behind a logged 500', async () => {
    const res = await fetch(server.url + '/api/boom');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toMatch(/at .*\.ts/);
    expect(logLines.some((l) => l.includes('hunter2') && l.includes('"level":50'))).toBe(true);
  });

  it('maps app errors with their extensions', async () => {
    const res = await fetch(server.url + '/api/taken');
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({
      status: 409,
      unavailable: ['A1'],
      detail: 'Seats are taken.',
    });
  });

  it('answers unknown routes with problem+json 404', async () => {
    const res = await fetch(server.url + '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('reports readiness from the real checks', async () => {
    expect((await fetch(server.url + '/readyz')).status).toBe(200);
    ready = false;
    const res = await fetch(server.url + '/readyz');
    ready = true;
    expect(res.status).toBe(503);
    expect((await json(res)).checks).toEqual({ database: 'failing' });
    expect((await fetch(server.url + '/livez')).status).toBe(200);
  });

  it('labels the duration histogram by route template, method and status', async () => {
    await post(`/api/things/${id}`, JSON.stringify({ name: 'b', count: 1 }));
    const text = await (await fetch(server.url + '/metrics')).text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{[^}]*method="POST",route="\/api\/things\/\{id\}",status_code="201"/,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('writes request ids into log lines', async () => {
    await fetch(server.url + '/api/taken', { headers: { 'x-request-id': 'req-abc-123' } });
    expect(logLines.some((l) => l.includes('"requestId":"req-abc-123"'))).toBe(true);
  });

  it('logs refused requests with method, url, status and a redacted token, not successes', async () => {
    const before = logLines.length;
    await fetch(server.url + '/api/taken', {
      headers: { authorization: 'Bearer secret-token-value', 'x-request-id': 'req-log-1' },
    });
    const line = logLines
      .slice(before)
      .map((l) => JSON.parse(l) as Record<string, any>) // eslint-disable-line @typescript-eslint/no-explicit-any
      .find((l) => l.msg === 'request completed');
    expect(line).toMatchObject({
      level: 30,
      requestId: 'req-log-1',
      req: { method: 'GET', url: '/api/taken', headers: { authorization: '[redacted]' } },
      res: { statusCode: 409 },
    });
    expect(JSON.stringify(line)).not.toContain('secret-token-value');
    const quiet = logLines.length;
    await fetch(server.url + '/livez');
    await post(`/api/things/${id}`, JSON.stringify({ name: 'c', count: 2 }));
    expect(logLines.slice(quiet).some((l) => l.includes('request completed'))).toBe(false);
  });

  it('serves an OpenAPI document built from the same schemas', async () => {
    const doc = await json(await fetch(server.url + '/openapi.json'));
    const op = doc.paths['/api/things/{id}'].post;
    expect(op.summary).toBe('Make a thing');
    const schema = op.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['name', 'count']);
  });
});
