// Confirming holds over HTTP on real PostgreSQL: a live hold becomes a sale exactly once, and the
// database itself refuses a second live sale of a seat.
import { randomUUID } from 'node:crypto';
import { isUniqueViolation, queryRows, violatedConstraint } from '@marquee/kit/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  grid,
  outboxEvents,
  seedShowtime,
  startTestHolds,
  type TestHolds,
} from './holds.test-support.ts';

let t: TestHolds;
beforeAll(async () => {
  t = await startTestHolds();
});
afterAll(() => t.close());

describe('confirming a hold', () => {
  it('sells the seats once: a second confirm answers the same and adds nothing', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const alice = await t.customer();
    const { body } = await t.hold(showtimeId, alice.token, ['A1', 'A2']);
    const path = `/api/holds/${body.holdId}/confirm`;
    const bookingRef = `BK-${randomUUID()}`;

    const first = await t.call('POST', path, { token: t.tokens.service, body: { bookingRef } });
    const again = await t.call('POST', path, { token: t.tokens.admin, body: { bookingRef } });

    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      holdId: body.holdId,
      showtimeId,
      customerId: alice.id,
      seats: ['A1', 'A2'],
      soldAt: t.clock.now().toISOString(),
      bookingRef,
    });
    expect(again).toMatchObject({ status: 200, body: first.body });
    const seats = await t.seatsByLabel(showtimeId);
    expect(seats.get('A1')).toMatchObject({ state: 'sold', holdId: body.holdId, heldUntil: null });
    const sales = await queryRows(
      t.db,
      sql`SELECT label FROM seat_sales WHERE hold_id = ${body.holdId} ORDER BY label`,
    );
    expect(sales).toEqual([{ label: 'A1' }, { label: 'A2' }]);
    const sold = (await outboxEvents(t.db, 'seat.sold.v1')).filter((e) => e.holdId === body.holdId);
    expect(sold).toEqual([
      { showtimeId, holdId: body.holdId, customerId: alice.id, seats: ['A1', 'A2'], bookingRef },
    ]);
    const other = await t.call('POST', path, {
      token: t.tokens.service,
      body: { bookingRef: 'BK-other' },
    });
    expect(other.status).toBe(409);
  });

  it('sells once when two confirms race, and both answer the same sale', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const alice = await t.customer();
    const { body } = await t.hold(showtimeId, alice.token, ['A3', 'A4']);
    const confirm = () =>
      t.call('POST', `/api/holds/${body.holdId}/confirm`, {
        token: t.tokens.service,
        body: { bookingRef: 'BK-race' },
      });

    const [first, second] = await Promise.all([confirm(), confirm()]);

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual(first.body);
    const sales = await queryRows(
      t.db,
      sql`SELECT label FROM seat_sales WHERE hold_id = ${body.holdId} ORDER BY label`,
    );
    expect(sales).toEqual([{ label: 'A3' }, { label: 'A4' }]);
    const sold = (await outboxEvents(t.db, 'seat.sold.v1')).filter((e) => e.holdId === body.holdId);
    expect(sold).toHaveLength(1);
  });

  it('is for the booking service and admins only', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const alice = await t.customer();
    const { body } = await t.hold(showtimeId, alice.token, ['A1', 'A2']);
    const path = `/api/holds/${body.holdId}/confirm`;
    expect((await t.call('POST', path, { token: alice.token })).status).toBe(403);
    expect((await t.call('POST', path, { token: t.tokens.staff })).status).toBe(403);
    expect(
      (await t.call('POST', `/api/holds/${randomUUID()}/confirm`, { token: t.tokens.service }))
        .status,
    ).toBe(404);
    expect((await t.seatsByLabel(showtimeId)).get('A1')?.state).toBe('held');
  });

  it('sells nothing for a released hold', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const alice = await t.customer();
    const { body } = await t.hold(showtimeId, alice.token, ['A1', 'A2']);
    await t.call('DELETE', `/api/holds/${body.holdId}`, { token: alice.token });
    const reply = await t.call('POST', `/api/holds/${body.holdId}/confirm`, {
      token: t.tokens.service,
    });
    expect(reply.status).toBe(409);
    expect(reply.body.holdStatus).toBe('released');
    expect(
      await queryRows(t.db, sql`SELECT 1 FROM seat_sales WHERE hold_id = ${body.holdId}`),
    ).toEqual([]);
  });

  it('leaves the database itself refusing a second live sale of a seat', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const alice = await t.customer();
    const { body } = await t.hold(showtimeId, alice.token, ['A1', 'A2']);
    await t.call('POST', `/api/holds/${body.holdId}/confirm`, { token: t.tokens.service });

    const second = await t.db
      .execute(
        sql`INSERT INTO seat_sales (showtime_id, label, hold_id, customer_id, sold_at)
            VALUES (${showtimeId}, 'A1', ${randomUUID()}, ${randomUUID()}, now())`,
      )
      .catch((err: unknown) => err);
    expect(isUniqueViolation(second)).toBe(true);
    expect(violatedConstraint(second)).toBe('seat_sales_one_live_sale');
  });
});
