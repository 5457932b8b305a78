// Ticket requests and responses as zod schemas (validation and the OpenAPI description).
import { z } from 'zod';
import { CHECK_IN_RESULTS, type TicketRow } from '../db/tickets.repository.ts';
import { TICKET_TYPES } from '../domain/booking-states.ts';
import { MAX_TICKET_CODE_LENGTH } from '../domain/ticket-codes.ts';

export { problemSchema } from '@marquee/kit/http';

export const ticketIdParams = z.object({ id: z.uuid('must be a UUID') });

export const checkInBody = z
  .object({
    /** The text of the scanned QR code. Any string is answered; one we did not sign is 'invalid'. */
    code: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'is required: the scanned ticket code'
            : 'must be a string: the scanned ticket code',
      })
      .trim()
      .min(1, 'must not be empty')
      .max(MAX_TICKET_CODE_LENGTH, `must be at most ${MAX_TICKET_CODE_LENGTH} characters`),
    /** The showtime this door admits to; a ticket for another one is refused and not used. */
    showtimeId: z.uuid('must be a UUID').optional(),
  })
  .strict();

const checkedTicketSchema = z.object({
  id: z.uuid(),
  seat: z.string(),
  ticketType: z.enum(TICKET_TYPES),
  showtimeId: z.uuid(),
  bookingId: z.uuid(),
});

export const checkInResultSchema = z.object({
  result: z.enum(CHECK_IN_RESULTS),
  ticket: checkedTicketSchema.optional(),
  usedAt: z.iso.datetime().optional(),
});

export const ticketSchema = z.object({
  id: z.uuid(),
  bookingId: z.uuid(),
  showtimeId: z.uuid(),
  seat: z.string(),
  ticketType: z.enum(TICKET_TYPES),
  /** The signed code the QR image carries (compact JWS, ES256). */
  code: z.string(),
  issuedAt: z.iso.datetime(),
  usedAt: z.iso.datetime().nullable(),
  voidedAt: z.iso.datetime().nullable(),
});

export type TicketView = z.output<typeof ticketSchema>;

export const toTicketView = (row: TicketRow): TicketView => ({
  id: row.id,
  bookingId: row.bookingId,
  showtimeId: row.showtimeId,
  seat: row.seat,
  ticketType: row.ticketType,
  code: row.code,
  issuedAt: row.issuedAt.toISOString(),
  usedAt: row.usedAt?.toISOString() ?? null,
  voidedAt: row.voidedAt?.toISOString() ?? null,
});

export const jwksSchema = z.object({
  keys: z.array(
    z.object({
      kty: z.literal('EC'),
      crv: z.literal('P-256'),
      x: z.string(),
      y: z.string(),
      kid: z.string(),
      alg: z.literal('ES256'),
      use: z.literal('sig'),
    }),
  ),
});
