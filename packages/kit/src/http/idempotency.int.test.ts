// withIdempotency on real PostgreSQL (and PGlite): one winner among concurrent duplicates, replays
// of any stored answer, refusal of a reused key, release on failure, retention for recovery, expiry.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { createLogger } from '../logging/index.ts';
import {
  openKitTestDatabase,
  openKitTestPglite,
  queryRows,
  type KitTestDatabase,
} from '../tables/test-database.test-support.ts';
import { createIdempotencyKeyCleanup } from './idempotency-cleanup.ts';
import {
  completeIdempotencyKey,
  withIdempotency,
  type WithIdempotencyOptions,
} from './idempotency.ts';

const EFFECTS_DDL = ['CREATE TABLE effects (id uuid PRIMARY KEY, note text NOT NULL)'];
const logger = createLogger({ service: 'idempotency-test', level: 'silent' });

const appErrorOf = async (promise: Promise<unknown>): Promise<AppError> => {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};

describe('withIdempotency', () => {
  let database: KitTestDatabase;
  beforeAll(async () => {
    database = await openKitTestDatabase(EFFECTS_DDL);
  });
  afterAll(async () => database?.close());

  const request = (overrides: Partial<WithIdempotencyOptions> = {}): WithIdempotencyOptions => ({
    db: database.db,
    caller: randomUUID(),
    key: randomUUID(),
    route: 'POST /things',
    body: { name: 'a' },
    ...overrides,
  });

  const keyRows = (caller: string) =>
    queryRows<{ state: string; response_status: number | null }>(
      database.db,
      sql`SELECT state, response_status FROM idempotency_keys WHERE caller = ${caller}`,
    );

  it('does the work once and replays the stored answer, whatever its status', async () => {
    const first = request();
    let calls = 0;
    const work = async () => {
      calls++;
      return { status: 402, body: { code: 'card_declined', n: calls }, headers: { 'X-A': '1' } };
    };
    const a = await withIdempotency(first, work);
    // The body's key order does not change its fingerprint.
    const b = await withIdempotency({ ...first, body: { name: 'a' } }, work);
    expect(calls).toBe(1);
    expect(a).toEqual({
      status: 402,
      body: { code: 'card_declined', n: 1 },
      headers: { 'X-A': '1' },
      replayed: false,
    });
    expect(b).toEqual({ ...a, replayed: true });
    expect(await keyRows(first.caller)).toEqual([{ state: 'done', response_status: 402 }]);
  });

  it('refuses the same key with another body or route (422), and keeps keys per caller', async () => {
    const first = request({ body: { amount: 1, nested: { a: 1, b: 2 } } });
    await withIdempotency(first, async () => ({ status: 201, body: { ok: true } }));
    const same = await withIdempotency(
      { ...first, body: { nested: { b: 2, a: 1 }, amount: 1 } },
      async () => ({ status: 500, body: 'never' }),
    );
    expect(same.replayed).toBe(true);
    for (const other of [
      { body: { amount: 2, nested: { a: 1, b: 2 } } },
      { route: 'POST /other' },
    ]) {
      const err = await appErrorOf(
        withIdempotency({ ...first, ...other }, async () => ({ status: 201, body: {} })),
      );
      expect(err.status).toBe(422);
      expect(err.extensions).toEqual({ code: 'idempotency_key_reused' });
    }
    const otherCaller = await withIdempotency(
      { ...first, caller: randomUUID(), body: 'x' },
      async () => ({
        status: 201,
        body: 'mine',
      }),
    );
    expect(otherCaller).toMatchObject({ body: 'mine', replayed: false });
  });

  it('lets one of 20 concurrent duplicates do the work; the others wait and replay it', async () => {
    const same = request();
    let calls = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        withIdempotency(same, async () => {
          calls++;
          await new Promise((r) => setTimeout(r, 200));
          const id = randomUUID();
          await database.db.execute(sql`INSERT INTO effects (id, note) VALUES (${id}, 'x')`);
          return { status: 201, body: { id } };
        }),
      ),
    );
    expect(calls).toBe(1);
    expect(new Set(results.map((r) => (r.body as { id: string }).id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(results.every((r) => r.status === 201)).toBe(true);
  });

  it('answers 409 in progress with Retry-After when the first is still running after the wait', async () => {
    const same = request();
    let release!: () => void;
    const running = withIdempotency(same, async () => {
      await new Promise<void>((r) => (release = r));
      return { status: 201, body: { done: true } };
    });
    await new Promise((r) => setTimeout(r, 50));
    const err = await appErrorOf(
      withIdempotency({ ...same, waitMs: 200 }, async () => ({ status: 201, body: {} })),
    );
    expect(err.status).toBe(409);
    expect(err.retryAfterSeconds).toBe(1);
    expect(err.extensions).toEqual({ code: 'idempotency_in_progress' });
    release();
    await running;
    const replay = await withIdempotency(same, async () => ({ status: 500, body: {} }));
    expect(replay).toMatchObject({ status: 201, body: { done: true }, replayed: true });
  });

  it('releases the key when the work fails, so the same key can try again', async () => {
    const same = request();
    await expect(
      withIdempotency(same, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await keyRows(same.caller)).toEqual([]);
    const retry = await withIdempotency(same, async () => ({ status: 201, body: 'second' }));
    expect(retry).toMatchObject({ body: 'second', replayed: false });
  });

  it('stores the answer with the change when completed inside the transaction', async () => {
    const same = request();
    const id = randomUUID();
    await expect(
      withIdempotency(same, (scope) =>
        database.db.transaction(async (tx) => {
          await tx.execute(sql`INSERT INTO effects (id, note) VALUES (${id}, 'rolled back')`);
          await scope.complete(tx, { status: 201, body: { id } });
          throw new Error('after the answer, before the commit');
        }),
      ),
    ).rejects.toThrow('before the commit');
    expect(await keyRows(same.caller)).toEqual([]);
    const done = await withIdempotency(same, (scope) =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO effects (id, note) VALUES (${id}, 'kept')`);
        return scope.complete(tx, { status: 201, body: { id } });
      }),
    );
    expect(done).toMatchObject({ status: 201, body: { id }, replayed: false });
    expect(await keyRows(same.caller)).toEqual([{ state: 'done', response_status: 201 }]);
  });

  it('writes nothing after the work when the work says it stored the answer itself', async () => {
    const same = request();
    await withIdempotency(same, async (scope) => {
      await database.db.transaction((tx) =>
        completeIdempotencyKey(tx, same, { status: 201, body: { from: 'the work' } }),
      );
      scope.stored();
      return { status: 201, body: { from: 'the return' } };
    });
    const replay = await withIdempotency(same, async () => ({ status: 500, body: {} }));
    expect(replay).toMatchObject({ status: 201, body: { from: 'the work' }, replayed: true });
    // Taken at its word: a work that says so without storing leaves the key in progress.
    const unsaid = request();
    await withIdempotency(unsaid, async (scope) => {
      scope.stored();
      return { status: 201, body: {} };
    });
    expect(await keyRows(unsaid.caller)).toEqual([{ state: 'in_progress', response_status: null }]);
  });

  it('keeps a retained key in progress after a failure until recovery completes it', async () => {
    const same = request({ waitMs: 100 });
    await expect(
      withIdempotency(same, async (scope) => {
        scope.retain();
        throw new Error('process died mid-way');
      }),
    ).rejects.toThrow();
    const err = await appErrorOf(withIdempotency(same, async () => ({ status: 201, body: {} })));
    expect(err.status).toBe(409);
    expect(
      await completeIdempotencyKey(database.db, same, { status: 502, body: { code: 'x' } }),
    ).toBe(true);
    expect(await completeIdempotencyKey(database.db, same, { status: 201, body: {} })).toBe(false);
    const replay = await withIdempotency(same, async () => ({ status: 201, body: {} }));
    expect(replay).toMatchObject({ status: 502, body: { code: 'x' }, replayed: true });
  });

  it('treats an expired key as unused, and the cleanup deletes expired keys', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const clock = () => now;
    const same = request({ clock });
    await withIdempotency(same, async () => ({ status: 201, body: 'first' }));
    now = new Date(now.getTime() + 25 * 60 * 60 * 1000);
    const again = await withIdempotency(same, async () => ({ status: 201, body: 'second' }));
    expect(again).toMatchObject({ body: 'second', replayed: false });

    const old = request({ clock: () => new Date('2000-01-01T00:00:00Z') });
    await withIdempotency(old, async () => ({ status: 201, body: {} }));
    const fresh = request();
    await withIdempotency(fresh, async () => ({ status: 201, body: {} }));
    const cleanup = createIdempotencyKeyCleanup({ db: database.db, logger });
    expect(await cleanup.cleanOnce()).toBeGreaterThanOrEqual(1);
    expect(await keyRows(old.caller)).toEqual([]);
    expect(await keyRows(fresh.caller)).toHaveLength(1);
  });
});

describe('withIdempotency on PGlite', () => {
  it('replays and refuses the same way embedded', async () => {
    const { db, close } = await openKitTestPglite();
    try {
      const same = { db, caller: 'c', key: 'k', route: 'POST /x', body: { a: 1 } };
      let calls = 0;
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          withIdempotency(same, async () => ({ status: 201, body: { n: ++calls } })),
        ),
      );
      expect(calls).toBe(1);
      expect(results.map((r) => r.body)).toEqual(Array.from({ length: 5 }, () => ({ n: 1 })));
      const err = await appErrorOf(
        withIdempotency({ ...same, body: { a: 2 } }, async () => ({ status: 201, body: {} })),
      );
      expect(err.status).toBe(422);
    } finally {
      await close();
    }
  });
});
