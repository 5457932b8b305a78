// A booking as the API shows it: its state, its ticket lines, and money in minor units.
import type { BookingItemRow, BookingRow } from '../db/bookings.repository.ts';
import type { TicketRow } from '../db/tickets.repository.ts';

export interface BookingView {
  id: string;
  customerId: string;
  showtimeId: string;
  holdId: string;
  status: BookingRow['status'];
  /** Within `paying`: charging, charged or refunding. */
  payStep: BookingRow['payStep'];
  currency: string;
  totalAmount: number;
  paidAmount: number;
  refundedAmount: number;
  paymentId: string | null;
  expiresAt: string;
  showtimeStartsAt: string;
  failureReason: string | null;
  lastPaymentError: string | null;
  createdAt: string;
  confirmedAt: string | null;
  endedAt: string | null;
  tickets: {
    seat: string;
    category: string;
    ticketType: string;
    price: number;
    cancelledAt: string | null;
    refundedAmount: number;
    /** Once confirmed: the ticket, its signed code (the QR's content) and whether it was used. */
    ticketId: string | null;
    code: string | null;
    usedAt: string | null;
  }[];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toBookingView(
  row: BookingRow,
  items: BookingItemRow[],
  issued: TicketRow[] = [],
): BookingView {
  const ticketOf = new Map(issued.map((ticket) => [ticket.seat, ticket]));
  return {
    id: row.id,
    customerId: row.customerId,
    showtimeId: row.showtimeId,
    holdId: row.holdId,
    status: row.status,
    payStep: row.payStep,
    currency: row.currency,
    totalAmount: row.totalAmount,
    paidAmount: row.paidAmount,
    refundedAmount: row.refundedAmount,
    paymentId: row.paymentId,
    expiresAt: row.expiresAt.toISOString(),
    showtimeStartsAt: row.showtimeStartsAt.toISOString(),
    failureReason: row.failureReason,
    lastPaymentError: row.lastPaymentError,
    createdAt: row.createdAt.toISOString(),
    confirmedAt: iso(row.confirmedAt),
    endedAt: iso(row.endedAt),
    tickets: items.map((item) => ({
      seat: item.seat,
      category: item.category,
      ticketType: item.ticketType,
      price: item.price,
      cancelledAt: iso(item.cancelledAt),
      refundedAmount: item.refundedAmount,
      ticketId: ticketOf.get(item.seat)?.id ?? null,
      code: ticketOf.get(item.seat)?.voidedAt ? null : (ticketOf.get(item.seat)?.code ?? null),
      usedAt: iso(ticketOf.get(item.seat)?.usedAt ?? null),
    })),
  };
}
