// Creating and reading bookings. A booking starts from a live hold of the caller's, priced from
// the showtime's price table, and awaits payment until the hold runs out.
import { randomUUID } from 'node:crypto';
import { isUniqueViolation, type Transaction } from '@marquee/kit/db';
import type { AppError } from '@marquee/kit/errors';
import { conflict, invalidInput, notFound } from '@marquee/kit/errors';
import {
  createBookingsRepository,
  type BookingItemRow,
  type BookingRow,
} from '../db/bookings.repository.ts';
import type { Outcome, Refusal } from '../clients/showtimes.client.ts';
import { tickets } from '../db/schema.ts';
import { ticketsOfBooking } from '../db/tickets.repository.ts';
import { inArray } from 'drizzle-orm';
import type { BookingDeps } from './booking-deps.ts';
import { enqueueBookingEvent } from './booking-events.ts';
import type { BookingStatus } from './booking-states.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { priceTickets, type TicketChoice } from './pricing.ts';

export interface Actor {
  userId: string;
  role: string;
}

/** Cinema staff, admins and services see every booking; customers only their own. */
const isStaffView = (actor: Actor) =>
  actor.role === 'admin' || actor.role === 'staff' || actor.role === 'service';

/** The value of a showtimes answer, or the refusal as this service's own error. */
export function valueOr<T>(outcome: Outcome<T>, onRefusal: (r: Refusal) => AppError): T {
  if (!outcome.ok) throw onRefusal(outcome.refusal);
  return outcome.value;
}

export function createBookingsService(deps: BookingDeps) {
  const { db, clock } = deps;
  const repo = createBookingsRepository(db);

  async function view(row: BookingRow): Promise<BookingView> {
    const [items, issued] = await Promise.all([repo.items(row.id), ticketsOfBooking(db, row.id)]);
    return toBookingView(row, items, issued);
  }

  /** The booking if the actor may see it; others' bookings are reported missing. */
  async function visible(id: string, actor: Actor): Promise<BookingRow> {
    const row = await repo.find(id);
    if (!row || (!isStaffView(actor) && row.customerId !== actor.userId)) {
      throw notFound(`There is no booking ${id}.`);
    }
    return row;
  }

  /** The 409 for a hold that already has a booking, naming it. */
  async function refuseIfBooked(holdId: string): Promise<void> {
    const existing = await repo.findByHold(holdId);
    if (existing) {
      throw conflict(`This hold already has a booking (${existing.id}).`, {
        bookingId: existing.id,
      });
    }
  }

  return {
    visible,
    view,

    /**
     * `store`, when given, runs in the booking's own transaction with the answer (the request's
     * Idempotency-Key answer), so the booking and its answer commit together.
     */
    async create(
      actor: Actor,
      input: { holdId: string; tickets: TicketChoice[] },
      store?: (tx: Transaction, booking: BookingView) => Promise<unknown>,
    ): Promise<BookingView> {
      const now = clock();
      const hold = valueOr(await deps.showtimes.getHold(input.holdId), (r) =>
        r.status === 404 ? notFound(`There is no hold ${input.holdId}.`) : conflict(r.detail),
      );
      if (hold.customerId !== actor.userId) throw notFound(`There is no hold ${input.holdId}.`);
      // A live hold's booking shows up as the unique violation below; an ended one is looked up.
      if (hold.status !== 'active' || new Date(hold.expiresAt) <= now) {
        await refuseIfBooked(hold.holdId);
        throw conflict('This hold has ended; please hold the seats again.', {
          holdStatus: hold.status === 'active' ? 'expired' : hold.status,
        });
      }
      const showtime = valueOr(await deps.showtimes.getShowtime(hold.showtimeId), (r) =>
        conflict(r.detail),
      );
      if (showtime.status === 'cancelled') throw conflict('This showtime was cancelled.');
      // The hold names each seat's category: no seat map to read.
      const held = new Map(
        hold.seats.map((seat) => [seat, hold.seatCategories[seat] ?? ('standard' as const)]),
      );
      const priced = priceTickets(showtime.priceTable, held, input.tickets);
      if ('problems' in priced) {
        throw invalidInput(
          'The tickets do not match the hold.',
          priced.problems.map((p) => ({ field: `body.${p.field}`, message: p.message })),
        );
      }

      const id = randomUUID();
      const row: BookingRow = {
        id,
        customerId: actor.userId,
        showtimeId: hold.showtimeId,
        holdId: hold.holdId,
        status: 'awaiting_payment',
        payStep: null,
        paymentAttempt: 0,
        paymentId: null,
        currency: showtime.priceTable.currency,
        totalAmount: priced.total,
        paidAmount: 0,
        refundedAmount: 0,
        expiresAt: new Date(hold.expiresAt),
        showtimeStartsAt: new Date(showtime.startsAt),
        showtimeCancelledAt: null,
        failureReason: null,
        lastPaymentError: null,
        createdAt: now,
        updatedAt: now,
        confirmedAt: null,
        endedAt: null,
      };
      const items: BookingItemRow[] = priced.items
        .map((item) => ({ bookingId: id, ...item, cancelledAt: null, refundedAmount: 0 }))
        .sort((a, b) => (a.seat < b.seat ? -1 : a.seat > b.seat ? 1 : 0));
      // Just written, and no tickets before payment: nothing to read back.
      const booking = toBookingView(row, items, []);
      try {
        await db.transaction(async (tx) => {
          await createBookingsRepository(tx).insert(row, items);
          await enqueueBookingEvent(
            tx,
            'booking.created.v1',
            {
              bookingId: id,
              customerId: row.customerId,
              showtimeId: row.showtimeId,
              currency: row.currency,
              amount: row.totalAmount,
              seats: priced.items.map((item) => item.seat),
              expiresAt: row.expiresAt.toISOString(),
            },
            now,
          );
          await store?.(tx, booking);
        });
      } catch (err) {
        if (isUniqueViolation(err)) {
          await refuseIfBooked(hold.holdId);
          throw conflict('This hold already has a booking.');
        }
        throw err;
      }
      deps.notifyOutbox();
      return booking;
    },

    async get(id: string, actor: Actor): Promise<BookingView> {
      return view(await visible(id, actor));
    },

    async list(
      actor: Actor,
      query: {
        status?: BookingStatus;
        showtimeId?: string;
        customerId?: string;
        limit: number;
        offset: number;
      },
    ) {
      const customerId = isStaffView(actor) ? query.customerId : actor.userId;
      const { rows, total } = await repo.list({ ...query, customerId });
      const ids = rows.map((r) => r.id);
      const [items, issued] = await Promise.all([
        repo.itemsOf(ids),
        ids.length === 0 ? [] : db.select().from(tickets).where(inArray(tickets.bookingId, ids)),
      ]);
      return {
        items: rows.map((row) =>
          toBookingView(
            row,
            items.filter((item) => item.bookingId === row.id),
            issued.filter((ticket) => ticket.bookingId === row.id),
          ),
        ),
        total,
        limit: query.limit,
        offset: query.offset,
      };
    },
  };
}

export type BookingsService = ReturnType<typeof createBookingsService>;
