// Tickets: issued with their signed codes when a booking is confirmed, voided when it is cancelled,
// and checked in at the door with one conditional UPDATE, so a code is admitted at most once.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '@marquee/kit/db';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { TicketType } from '../domain/booking-states.ts';
import type { TicketSigner } from '../domain/ticket-codes.ts';
import { tickets } from './schema.ts';

export type TicketRow = typeof tickets.$inferSelect;

export const CHECK_IN_RESULTS = [
  'valid',
  'already_used',
  'wrong_showtime',
  'invalid',
  'void',
] as const;
export type CheckInOutcome = (typeof CHECK_IN_RESULTS)[number];

/** What the door sees of a ticket: enough to seat the guest, nothing about the buyer. */
export interface CheckedTicket {
  id: string;
  seat: string;
  ticketType: TicketType;
  showtimeId: string;
  bookingId: string;
}

export interface CheckInResult {
  result: CheckInOutcome;
  ticket?: CheckedTicket;
  /** When the ticket was admitted: now for 'valid', the first admission for 'already_used'. */
  usedAt?: string;
}

export interface IssueTicketsInput {
  bookingId: string;
  showtimeId: string;
  items: { seat: string; ticketType: TicketType }[];
  now: Date;
}

const checkedTicket = (row: TicketRow): CheckedTicket => ({
  id: row.id,
  seat: row.seat,
  ticketType: row.ticketType,
  showtimeId: row.showtimeId,
  bookingId: row.bookingId,
});

const ofSeats = (bookingId: string, seats: string[]) =>
  and(eq(tickets.bookingId, bookingId), inArray(tickets.seat, seats));

/**
 * One ticket per seat, each with a new id and its signed code; run inside the transaction that
 * confirms the booking. Idempotent: seats that already have a ticket keep it (unique booking_id,
 * seat), so a repeated confirmation returns the tickets issued the first time. The first
 * confirmation, the usual case, is one INSERT.
 */
export async function issueTickets(
  tx: Queryable,
  input: IssueTicketsInput,
  signer: Pick<TicketSigner, 'sign'>,
): Promise<TicketRow[]> {
  const items = [...new Map(input.items.map((item) => [item.seat, item])).values()];
  if (items.length === 0) return [];
  const rows = await Promise.all(
    items.map(async (item) => {
      const id = randomUUID();
      const ticket = {
        ticketId: id,
        bookingId: input.bookingId,
        showtimeId: input.showtimeId,
        seat: item.seat,
        ticketType: item.ticketType,
      };
      return { ...ticket, id, code: await signer.sign(ticket, input.now), issuedAt: input.now };
    }),
  );
  const inserted = await tx
    .insert(tickets)
    .values(rows.map(({ ticketId: _id, ...row }) => row))
    .onConflictDoNothing({ target: [tickets.bookingId, tickets.seat] })
    .returning();
  const bySeat = (a: TicketRow, b: TicketRow) => (a.seat < b.seat ? -1 : a.seat > b.seat ? 1 : 0);
  if (inserted.length === items.length) return inserted.sort(bySeat);
  // Some seats had their tickets already (a repeated confirmation): those stand.
  const seats = items.map((item) => item.seat);
  return tx.select().from(tickets).where(ofSeats(input.bookingId, seats)).orderBy(tickets.seat);
}

export function ticketsOfBooking(db: Queryable, bookingId: string): Promise<TicketRow[]> {
  return db.select().from(tickets).where(eq(tickets.bookingId, bookingId)).orderBy(tickets.seat);
}

export async function findTicket(db: Queryable, ticketId: string): Promise<TicketRow | undefined> {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  return row;
}

/** Voids the tickets of these seats (cancellation); returns those voided now, not before. */
export async function voidTickets(
  tx: Queryable,
  bookingId: string,
  seats: string[],
  now: Date,
): Promise<TicketRow[]> {
  if (seats.length === 0) return [];
  return tx
    .update(tickets)
    .set({ voidedAt: now })
    .where(and(ofSeats(bookingId, seats), isNull(tickets.voidedAt)))
    .returning();
}

/**
 * Admits the holder of `code`. The signature is checked first, without the database; then one
 * conditional UPDATE marks the ticket used only if it is unused, not void and (when the door
 * names its showtime) for that showtime. Concurrent scans of one code queue on the row lock and
 * only the first finds it unused, so exactly one is 'valid'. When nothing was updated, the row
 * says why. A mismatched showtime never marks the ticket used.
 */
export async function checkIn(
  db: Queryable,
  input: { code: string; showtimeId?: string; now: Date },
  signer: Pick<TicketSigner, 'verify'>,
): Promise<CheckInResult> {
  const claims = await signer.verify(input.code);
  if (!claims) return { result: 'invalid' };

  const [admitted] = await db
    .update(tickets)
    .set({ usedAt: input.now })
    .where(
      and(
        eq(tickets.id, claims.tid),
        // Only the code stored for the ticket admits it, should a ticket ever be re-issued.
        eq(tickets.code, input.code),
        isNull(tickets.usedAt),
        isNull(tickets.voidedAt),
        input.showtimeId === undefined ? undefined : eq(tickets.showtimeId, input.showtimeId),
      ),
    )
    .returning();
  if (admitted) {
    return {
      result: 'valid',
      ticket: checkedTicket(admitted),
      usedAt: (admitted.usedAt ?? input.now).toISOString(),
    };
  }

  const row = await findTicket(db, claims.tid);
  if (!row || row.code !== input.code) return { result: 'invalid' };
  const ticket = checkedTicket(row);
  if (row.voidedAt) return { result: 'void', ticket };
  if (input.showtimeId !== undefined && row.showtimeId !== input.showtimeId) {
    return { result: 'wrong_showtime', ticket };
  }
  if (row.usedAt) return { result: 'already_used', ticket, usedAt: row.usedAt.toISOString() };
  // Unused, not void, right showtime, yet not updated: nothing in this service un-uses a ticket,
  // so this cannot happen; refusing is the safe answer at a door.
  return { result: 'invalid' };
}
