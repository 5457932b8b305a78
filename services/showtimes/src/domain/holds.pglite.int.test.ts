// The hold operations on embedded PGlite (what `npm start` runs): the same SQL, locks and
// events as on PostgreSQL, one life of a hold after another.
import { randomUUID } from 'node:crypto';
import { isAppError } from '@marquee/kit/errors';
import { openDatabase, type DatabaseHandle } from '@marquee/kit/db';
import { createLogger } from '@marquee/kit/logging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestClock,
  grid,
  migrationsFolder,
  outboxEvents,
  seatRows,
  seedShowtime,
  testConfig,
} from '../http/holds.test-support.ts';
import { checkInventoryInvariants } from '../db/inventory-invariants.ts';
import { createHoldSweeper } from './hold-sweeper.ts';
import { createHoldsService, type HoldsDeps } from './holds.service.ts';

const logger = createLogger({ service: 'holds-pglite-test', level: 'silent' });

describe('holds on embedded PGlite', () => {
  let handle: DatabaseHandle;
  const clock = createTestClock();
  let deps: HoldsDeps;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://', migrationsFolder, logger });
    deps = {
      db: handle.db,
      clock: clock.now,
      config: testConfig(),
      logger,
      notifyOutbox: () => undefined,
    };
  }, 120_000);
  afterAll(() => handle.close());

  it('takes, refuses, extends, confirms, takes over and sweeps', async () => {
    const holds = createHoldsService(deps);
    const { showtimeId } = await seedShowtime(handle.db, clock, { rows: grid(1, 6) });
    const [alice, bob, carol] = [randomUUID(), randomUUID(), randomUUID()];
    const customer = (userId: string) => ({ userId, role: 'customer' as const });

    const first = await holds.take({ showtimeId, customerId: alice, seats: ['A1', 'A2'] });
    const refused = await holds
      .take({ showtimeId, customerId: bob, seats: ['A2', 'A3'] })
      .catch((err: unknown) => err);
    expect(isAppError(refused) && [refused.kind, refused.extensions?.unavailable]).toEqual([
      'conflict',
      ['A2'],
    ]);

    clock.advance(400);
    const extended = await holds.extend(first.holdId, customer(alice));
    expect(extended.expiresAt).toBe(new Date(clock.now().getTime() + 300_000).toISOString());
    const sold = await holds.confirm(first.holdId, { bookingRef: 'BK-1' });
    expect(await holds.confirm(first.holdId, {})).toEqual(sold);

    const second = await holds.take({ showtimeId, customerId: bob, seats: ['A3', 'A4'] });
    clock.advance(480);
    await holds.take({ showtimeId, customerId: carol, seats: ['A3'] });
    expect(await createHoldSweeper(deps).sweepOnce()).toBe(1);

    expect((await seatRows(handle.db, showtimeId)).map((s) => [s.label, s.state])).toEqual([
      ['A1', 'sold'],
      ['A2', 'sold'],
      ['A3', 'held'],
      ['A4', 'available'],
      ['A5', 'available'],
      ['A6', 'available'],
    ]);
    const released = (await outboxEvents(handle.db, 'seat.released.v1')).filter(
      (e) => e.holdId === second.holdId,
    );
    expect(released.map((e) => e.seats).sort()).toEqual([['A3'], ['A4']]);
    expect((await holds.get(second.holdId, customer(bob))).status).toBe('expired');
  });

  it('returns sold seats, which another customer can then buy', async () => {
    const holds = createHoldsService(deps);
    const { showtimeId } = await seedShowtime(handle.db, clock, { rows: grid(1, 6) });
    const [alice, bob] = [randomUUID(), randomUUID()];
    const first = await holds.take({ showtimeId, customerId: alice, seats: ['A1', 'A2'] });
    await holds.confirm(first.holdId, { bookingRef: 'BK-2' });

    const returned = await holds.returnSeats(first.holdId, { seats: ['A2'], reason: 'refunded' });
    expect(returned).toMatchObject({ returned: ['A2'], stillSold: ['A1'] });
    expect(await holds.returnSeats(first.holdId, { seats: ['A2'], reason: 'refunded' })).toEqual(
      returned,
    );
    const second = await holds.take({ showtimeId, customerId: bob, seats: ['A2'] });
    expect((await holds.confirm(second.holdId, {})).seats).toEqual(['A2']);

    expect(
      (await seatRows(handle.db, showtimeId)).map((s) => [s.label, s.state, s.holderId]),
    ).toEqual([
      ['A1', 'sold', alice],
      ['A2', 'sold', bob],
      ['A3', 'available', null],
      ['A4', 'available', null],
      ['A5', 'available', null],
      ['A6', 'available', null],
    ]);
    expect(await checkInventoryInvariants(handle.db, clock.now())).toEqual([]);
  });
});
