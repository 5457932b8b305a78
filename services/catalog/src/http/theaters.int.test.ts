// Theaters over HTTP against real PostgreSQL: admin writes, city filter, time zones, roles.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { theaters } from '../db/schema.ts';
import { startTestCatalog, type TestCatalog } from './catalog.test-support.ts';
import { createTheater as createTheaterAs } from './catalog.fixtures.test-support.ts';

let catalog: TestCatalog;

beforeAll(async () => {
  catalog = await startTestCatalog();
});
afterAll(() => catalog?.close());

const admin = () => catalog.tokens.admin;

const createTheater = (overrides: Record<string, unknown> = {}) =>
  createTheaterAs(catalog, overrides);

describe('theaters', () => {
  it('creates, lists by city, reads and updates theaters', async () => {
    const created = await catalog.call('POST', '/api/theaters', {
      body: {
        name: 'Kestrel Playhouse',
        address: '12 Larch St',
        city: 'Auckland',
        timezone: 'Pacific/Auckland',
      },
      token: admin(),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/theaters/${created.body.id}`);
    const [row] = await catalog.db.select().from(theaters).where(eq(theaters.id, created.body.id));
    expect(row).toMatchObject({ city: 'Auckland', timezone: 'Pacific/Auckland' });

    await createTheater({
      name: 'Elsewhere Cinema',
      city: 'Valparaíso',
      timezone: 'America/Santiago',
    });
    const inCity = await catalog.call('GET', '/api/theaters?city=auckland');
    expect(inCity.status).toBe(200);
    expect(inCity.body).toMatchObject({ total: 1, limit: 20, offset: 0 });
    expect(inCity.body.items.map((t: { id: string }) => t.id)).toEqual([created.body.id]);

    const patched = await catalog.call('PATCH', `/api/theaters/${created.body.id}`, {
      body: { name: 'Kestrel Picture Palace' },
      token: admin(),
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Kestrel Picture Palace', city: 'Auckland' });
    const got = await catalog.call('GET', `/api/theaters/${created.body.id}`);
    expect(got.body.name).toBe('Kestrel Picture Palace');
  });

  it('rejects an unknown time zone naming body.timezone, and writes nothing', async () => {
    const before = await catalog.db.$count(theaters);
    for (const timezone of ['Mars/Olympus_Mons', '+01:00', 'Europe/Lisbon; DROP TABLE theaters']) {
      const res = await catalog.call('POST', '/api/theaters', {
        body: { name: 'Nowhere', address: '1 Road', city: 'Nowhere', timezone },
        token: admin(),
      });
      expect({ timezone, status: res.status }).toEqual({ timezone, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.timezone']);
    }
    expect(await catalog.db.$count(theaters)).toBe(before);
  });

  it('guards writes by role and validates ids', async () => {
    const body = { name: 'X', address: 'Y', city: 'Z', timezone: 'UTC' };
    expect((await catalog.call('POST', '/api/theaters', { body })).status).toBe(401);
    expect(
      (await catalog.call('POST', '/api/theaters', { body, token: catalog.tokens.customer }))
        .status,
    ).toBe(403);
    const bad = await catalog.call('GET', '/api/theaters/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('params.id');
    const missing = await catalog.call(
      'GET',
      '/api/theaters/0b8a3c8e-2f4d-4e59-8a9e-5d1c2b3a4f60/screens',
    );
    expect(missing.status).toBe(404);
  });
});
