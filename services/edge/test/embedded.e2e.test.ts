// The platform started exactly as the README says (`npm start`), spoken to through the edge.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
let platform: ChildProcess;
let dataDir: string;
let base: string;
let output = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
async function call(method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: (text ? JSON.parse(text) : undefined) as Json,
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'marquee-e2e-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  platform = spawn('npm', ['start'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  platform.stdout?.on('data', (d) => (output += String(d)));
  platform.stderr?.on('data', (d) => (output += String(d)));
  const deadline = Date.now() + 170_000;
  for (;;) {
    if (platform.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`platform not ready in time:\n${output}`);
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 250));
  }
}, 180_000);

afterAll(async () => {
  if (platform?.pid && platform.exitCode === null) {
    process.kill(-platform.pid, 'SIGTERM');
    await new Promise((r) => platform.once('exit', r));
  }
  await rm(dataDir, { recursive: true, force: true });
}, 30_000);

describe('embedded platform through the edge', () => {
  it('registers, logs in, refreshes and answers me', async () => {
    const email = `e2e-${Date.now()}@example.com`;
    const password = 'correct horse battery staple';
    const reg = await call('POST', '/api/auth/register', { email, password, name: 'E2E Person' });
    expect(reg.status).toBe(201);
    expect(
      (await call('POST', '/api/auth/register', { email, password, name: 'Again' })).status,
    ).toBe(409);

    const login = await call('POST', '/api/auth/login', { email, password });
    expect(login.status).toBe(200);
    const me = await call('GET', '/api/auth/me', undefined, login.body.accessToken);
    expect(me.body).toMatchObject({ email, role: 'customer' });

    const refreshed = await call('POST', '/api/auth/refresh', {
      refreshToken: login.body.refreshToken,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);
    // The spent token is refused, and its reuse revokes the family.
    expect(
      (await call('POST', '/api/auth/refresh', { refreshToken: login.body.refreshToken })).status,
    ).toBe(401);
    expect(
      (await call('POST', '/api/auth/refresh', { refreshToken: refreshed.body.refreshToken }))
        .status,
    ).toBe(401);
  });

  it('serves the demo catalog: lists, searches and reads a screen layout', async () => {
    const movies = await call('GET', '/api/movies?limit=50');
    expect(movies.status).toBe(200);
    expect(movies.body.total).toBe(20);
    const first = movies.body.items[0];
    const titleWord =
      String(first.title)
        .split(' ')
        .find((w: string) => w.length > 3) ?? first.title;
    const search = await call('GET', `/api/movies?q=${encodeURIComponent(titleWord)}`);
    expect(search.body.items.map((m: Json) => m.id)).toContain(first.id);

    const theaters = await call('GET', '/api/theaters');
    expect(theaters.body.items).toHaveLength(3);
    let screenCount = 0;
    for (const theater of theaters.body.items) {
      const screens = await call('GET', `/api/theaters/${theater.id}/screens`);
      expect(screens.status).toBe(200);
      screenCount += screens.body.items.length;
    }
    expect(screenCount).toBeGreaterThanOrEqual(8);
    const theaterId = theaters.body.items[0].id;
    const screens = await call('GET', `/api/theaters/${theaterId}/screens`);
    const screen = await call(
      'GET',
      `/api/theaters/${theaterId}/screens/${screens.body.items[0].id}`,
    );
    expect(screen.status).toBe(200);
    expect(screen.body.layout.rows.length).toBeGreaterThan(0);
  });

  it('lets the demo admin write and refuses the demo customer', async () => {
    const admin = await call('POST', '/api/auth/login', {
      email: 'admin@marquee.local',
      password: 'marquee-admin-demo',
    });
    const customer = await call('POST', '/api/auth/login', {
      email: 'customer@marquee.local',
      password: 'marquee-customer-demo',
    });
    expect(admin.status).toBe(200);
    const movie = {
      title: 'The Projectionist',
      synopsis: 'A night-shift projectionist finds a reel that was never filmed.',
      runtimeMinutes: 104,
      rating: 'PG-13',
      genres: ['drama'],
      cast: ['Ines Duarte'],
      releaseDate: '2026-12-04',
    };
    const denied = await call('POST', '/api/movies', movie, customer.body.accessToken);
    expect(denied.status).toBe(403);
    expect(denied.type).toContain('application/problem+json');
    const created = await call('POST', '/api/movies', movie, admin.body.accessToken);
    expect(created.status).toBe(201);
    expect((await call('GET', `/api/movies/${created.body.id}`)).body.title).toBe(
      'The Projectionist',
    );
  });

  it('answers bad input and unknown routes with problem+json, without stack traces', async () => {
    const bad = await call('POST', '/api/auth/login', '{"email": ');
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    const badId = await call('GET', '/api/movies/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe('params.id');
    expect(JSON.stringify(badId.body)).not.toMatch(/\.ts:\d+/);
    expect((await call('GET', '/api/nothing')).status).toBe(404);
  });
});
