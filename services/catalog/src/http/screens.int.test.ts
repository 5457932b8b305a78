// Screens and layout versions over HTTP against real PostgreSQL.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenLayouts, screens } from '../db/schema.ts';
import { startTestCatalog, type TestCatalog } from './catalog.test-support.ts';
import { createTheater as createTheaterAs } from './catalog.fixtures.test-support.ts';

let catalog: TestCatalog;

beforeAll(async () => {
  catalog = await startTestCatalog();
});
afterAll(() => catalog?.close());

const seat = (label: string, category = 'standard') => ({ label, category });
const smallLayout = {
  rows: [
    {
      name: 'A',
      seats: [seat('A1', 'wheelchair'), seat('A2', 'companion'), null, seat('A3'), seat('A4')],
    },
    { name: 'B', seats: [seat('B1'), seat('B2'), null, seat('B3'), seat('B4')] },
  ],
};
const biggerLayout = {
  rows: [
    ...smallLayout.rows,
    {
      name: 'C',
      seats: [seat('C1', 'premium'), seat('C2', 'premium'), null, seat('C3', 'premium')],
    },
  ],
};

const admin = () => catalog.tokens.admin;

const createTheater = (overrides: Record<string, unknown> = {}) =>
  createTheaterAs(catalog, overrides);

async function createScreen(theaterId: string, name = 'Screen 1', layout: unknown = smallLayout) {
  const res = await catalog.call('POST', `/api/theaters/${theaterId}/screens`, {
    body: { name, layout },
    token: admin(),
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

const counts = async () => ({
  screens: await catalog.db.$count(screens),
  layouts: await catalog.db.$count(screenLayouts),
});
describe('screens and layout versions', () => {
  it('creates a screen with layout version 1 and lists it', async () => {
    const theater = await createTheater();
    const created = await catalog.call('POST', `/api/theaters/${theater.id}/screens`, {
      body: { name: 'Studio', layout: smallLayout },
      token: admin(),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      theaterId: theater.id,
      name: 'Studio',
      layoutVersion: 1,
      seatCount: 8,
      layout: smallLayout,
      capacity: { total: 8, byCategory: { standard: 6, premium: 0, wheelchair: 1, companion: 1 } },
    });
    const layouts = await catalog.db
      .select()
      .from(screenLayouts)
      .where(eq(screenLayouts.screenId, created.body.id));
    expect(layouts).toHaveLength(1);
    expect(layouts[0]).toMatchObject({ version: 1, seatCount: 8, layout: smallLayout });

    const list = await catalog.call('GET', `/api/theaters/${theater.id}/screens`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: created.body.id,
        name: 'Studio',
        layoutVersion: 1,
        seatCount: 8,
      }),
    ]);

    const duplicate = await catalog.call('POST', `/api/theaters/${theater.id}/screens`, {
      body: { name: 'studio', layout: smallLayout },
      token: admin(),
    });
    expect(duplicate.status).toBe(409);
  });

  it('writes a new version on PUT and leaves version 1 exactly as it was', async () => {
    const theater = await createTheater();
    const screen = await createScreen(theater.id);
    const base = `/api/theaters/${theater.id}/screens/${screen.id}`;
    const v1Before = await catalog.call('GET', `${base}/layouts/1`);
    expect(v1Before.status).toBe(200);

    const put = await catalog.call('PUT', `${base}/layout`, {
      body: { layout: biggerLayout },
      token: admin(),
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ layoutVersion: 2, seatCount: 11, layout: biggerLayout });
    expect(put.headers.get('location')).toBe(`${base}/layouts/2`);

    const current = await catalog.call('GET', base);
    expect(current.body).toMatchObject({ layoutVersion: 2, layout: biggerLayout });
    const v2 = await catalog.call('GET', `${base}/layouts/2`);
    expect(v2.body).toMatchObject({
      version: 2,
      current: true,
      layout: biggerLayout,
      capacity: { total: 11 },
    });
    const v1After = await catalog.call('GET', `${base}/layouts/1`);
    expect(v1After.body).toEqual({ ...v1Before.body, current: false });
    expect(v1After.body.layout).toEqual(smallLayout);

    const rows = await catalog.db
      .select({ version: screenLayouts.version, seatCount: screenLayouts.seatCount })
      .from(screenLayouts)
      .where(eq(screenLayouts.screenId, screen.id))
      .orderBy(screenLayouts.version);
    expect(rows).toEqual([
      { version: 1, seatCount: 8 },
      { version: 2, seatCount: 11 },
    ]);
    expect((await catalog.call('GET', `${base}/layouts/3`)).status).toBe(404);
  });

  it('writes nothing when the current layout is sent again', async () => {
    const theater = await createTheater();
    const screen = await createScreen(theater.id);
    const base = `/api/theaters/${theater.id}/screens/${screen.id}`;
    const first = await catalog.call('PUT', `${base}/layout`, {
      body: { layout: biggerLayout },
      token: admin(),
    });
    const retried = await catalog.call('PUT', `${base}/layout`, {
      body: { layout: biggerLayout },
      token: admin(),
    });
    expect(first.body.layoutVersion).toBe(2);
    expect(retried.status).toBe(200);
    expect(retried.body.layoutVersion).toBe(2);
    const [screenRow] = await catalog.db.select().from(screens).where(eq(screens.id, screen.id));
    expect(screenRow?.currentLayoutVersion).toBe(2);
  });

  it('gives concurrent layout changes distinct versions', async () => {
    const theater = await createTheater();
    const screen = await createScreen(theater.id);
    const layouts = [1, 2, 3, 4].map((n) => ({
      rows: [{ name: 'A', seats: Array.from({ length: n + 2 }, (_, i) => seat(`A${i + 1}`)) }],
    }));
    const results = await Promise.all(
      layouts.map((layout) =>
        catalog.call('PUT', `/api/theaters/${theater.id}/screens/${screen.id}/layout`, {
          body: { layout },
          token: admin(),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.map((r) => r.body.layoutVersion).sort()).toEqual([2, 3, 4, 5]);
  });

  it('rejects an invalid layout with the field path and writes nothing', async () => {
    const theater = await createTheater();
    const screen = await createScreen(theater.id);
    const before = await counts();
    const broken = {
      rows: [
        { name: 'A', seats: [seat('A1', 'wheelchair'), seat('A2'), seat('A3')] },
        { name: 'B', seats: [seat('B1'), seat('A2')] },
      ],
    };

    const created = await catalog.call('POST', `/api/theaters/${theater.id}/screens`, {
      body: { name: 'Broken', layout: broken },
      token: admin(),
    });
    expect(created.status).toBe(400);
    expect(created.headers.get('content-type')).toContain('application/problem+json');
    expect(created.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.layout.rows[1].seats[1].label',
      'body.layout.rows[0].seats[0].category',
    ]);

    const put = await catalog.call(
      'PUT',
      `/api/theaters/${theater.id}/screens/${screen.id}/layout`,
      {
        body: { layout: broken },
        token: admin(),
      },
    );
    expect(put.status).toBe(400);
    expect(put.body.errors.map((e: { field: string }) => e.field)).toContain(
      'body.layout.rows[1].seats[1].label',
    );

    const shapeless = await catalog.call(
      'PUT',
      `/api/theaters/${theater.id}/screens/${screen.id}/layout`,
      {
        body: { layout: { rows: [{ name: 'A', seats: [{ label: 'A1', category: 'sofa' }] }] } },
        token: admin(),
      },
    );
    expect(shapeless.status).toBe(400);
    expect(shapeless.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.layout.rows[0].seats[0].category',
    ]);

    expect(await counts()).toEqual(before);
    const current = await catalog.call('GET', `/api/theaters/${theater.id}/screens/${screen.id}`);
    expect(current.body).toMatchObject({ layoutVersion: 1, layout: smallLayout });
  });

  it('guards layout writes by role', async () => {
    const theater = await createTheater();
    const screen = await createScreen(theater.id);
    const path = `/api/theaters/${theater.id}/screens/${screen.id}/layout`;
    expect((await catalog.call('PUT', path, { body: { layout: biggerLayout } })).status).toBe(401);
    expect(
      (
        await catalog.call('PUT', path, {
          body: { layout: biggerLayout },
          token: catalog.tokens.customer,
        })
      ).status,
    ).toBe(403);
    const [row] = await catalog.db.select().from(screens).where(eq(screens.id, screen.id));
    expect(row?.currentLayoutVersion).toBe(1);
  });

  it('answers 404 for a screen of another theater and 400 for bad ids', async () => {
    const one = await createTheater();
    const other = await createTheater({ name: 'Other Place' });
    const screen = await createScreen(one.id);
    expect(
      (await catalog.call('GET', `/api/theaters/${other.id}/screens/${screen.id}`)).status,
    ).toBe(404);
    const put = await catalog.call('PUT', `/api/theaters/${other.id}/screens/${screen.id}/layout`, {
      body: { layout: biggerLayout },
      token: admin(),
    });
    expect(put.status).toBe(404);
    const bad = await catalog.call('GET', `/api/theaters/${one.id}/screens/nope/layouts/1`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['params.screenId']);
    const badVersion = await catalog.call(
      'GET',
      `/api/theaters/${one.id}/screens/${screen.id}/layouts/0`,
    );
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'params.version',
    ]);
  });

  it('refuses to change or delete a stored layout version in the database itself', async () => {
    const theater = await createTheater();
    const screen = await createScreen(theater.id);
    const update = await catalog.db
      .update(screenLayouts)
      .set({ seatCount: 1 })
      .where(eq(screenLayouts.screenId, screen.id))
      .catch((err: unknown) => err);
    expect(update).toBeInstanceOf(Error);
    const remove = await catalog.db
      .delete(screenLayouts)
      .where(eq(screenLayouts.screenId, screen.id))
      .catch((err: unknown) => err);
    expect(remove).toBeInstanceOf(Error);
    const [row] = await catalog.db
      .select()
      .from(screenLayouts)
      .where(eq(screenLayouts.screenId, screen.id));
    expect(row?.seatCount).toBe(8);
  });
});
