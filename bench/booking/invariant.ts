// After the run, the books must balance across the three databases: every confirmed booking's
// seats are sold to its hold in showtimes (and no seat is sold twice or without a booking), and
// payments captured minus refunded equals what the confirmed bookings are worth.
import pg from 'pg';

async function rows<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

interface BookingRow {
  id: string;
  status: string;
  hold_id: string;
  showtime_id: string;
  total_amount: number;
  paid_amount: number;
  refunded_amount: number;
  payment_id: string | null;
}

/** Waits (up to `ms`) until no booking is mid-payment: the recovery worker settles stragglers. */
export async function settle(bookingUrl: string, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    const [row] = await rows<{ n: number }>(
      bookingUrl,
      `SELECT count(*)::int AS n FROM bookings WHERE status = 'paying'`,
    );
    if (row!.n === 0 || Date.now() > deadline) return row!.n;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export async function checkInvariant(urls: {
  booking: string;
  showtimes: string;
  payments: string;
}) {
  const [bookings, items, sold, doubleSold, payments] = await Promise.all([
    rows<BookingRow>(urls.booking, 'SELECT * FROM bookings'),
    rows<{ booking_id: string; seat: string }>(
      urls.booking,
      'SELECT booking_id, seat FROM booking_items WHERE cancelled_at IS NULL',
    ),
    rows<{ showtime_id: string; label: string; hold_id: string }>(
      urls.showtimes,
      `SELECT showtime_id, label, hold_id FROM seats WHERE state = 'sold'`,
    ),
    rows<{ n: number }>(
      urls.showtimes,
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM seat_sales WHERE released_at IS NULL
         GROUP BY showtime_id, label HAVING count(*) > 1) d`,
    ),
    rows<{ id: string; status: string; captured_amount: number; refunded_amount: number }>(
      urls.payments,
      'SELECT id, status, captured_amount, refunded_amount FROM payments',
    ),
  ]);

  const statuses = new Map<string, number>();
  for (const b of bookings) statuses.set(b.status, (statuses.get(b.status) ?? 0) + 1);
  const confirmed = bookings.filter((b) => b.status === 'confirmed');
  const byId = new Map(confirmed.map((b) => [b.id, b]));
  const soldTo = new Map(sold.map((s) => [`${s.showtime_id}/${s.label}`, s.hold_id]));

  const wanted = new Set<string>();
  let seatsMissing = 0;
  for (const item of items) {
    const booking = byId.get(item.booking_id);
    if (!booking) continue;
    const key = `${booking.showtime_id}/${item.seat}`;
    wanted.add(key);
    if (soldTo.get(key) !== booking.hold_id) seatsMissing++;
  }
  const soldWithoutBooking = sold.filter((s) => !wanted.has(`${s.showtime_id}/${s.label}`)).length;

  const paymentsById = new Map(payments.map((p) => [p.id, p]));
  const unpaid = confirmed.filter((b) => {
    const p = b.payment_id ? paymentsById.get(b.payment_id) : undefined;
    return !p || p.status !== 'succeeded' || p.captured_amount !== b.total_amount;
  }).length;
  const captured = payments.reduce((n, p) => n + p.captured_amount, 0);
  const refunded = payments.reduce((n, p) => n + p.refunded_amount, 0);
  const value = confirmed.reduce((n, b) => n + b.paid_amount - b.refunded_amount, 0);

  const ok =
    seatsMissing === 0 &&
    soldWithoutBooking === 0 &&
    doubleSold[0]!.n === 0 &&
    unpaid === 0 &&
    captured - refunded === value;
  const money = (minor: number) => `EUR ${(minor / 100).toFixed(2)}`;
  return {
    ok,
    lines: [
      `bookings by status: ${[...statuses].map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}`,
      `seats: ${items.filter((i) => byId.has(i.booking_id)).length} seats of ${confirmed.length} confirmed bookings; ` +
        `not sold to the booking's hold ${seatsMissing}, sold without a confirmed booking ${soldWithoutBooking}, ` +
        `sold twice ${doubleSold[0]!.n}`,
      `money: payments captured ${money(captured)} - refunded ${money(refunded)} = ${money(captured - refunded)}; ` +
        `confirmed bookings' value ${money(value)}; confirmed bookings without their succeeded payment ${unpaid}`,
      `invariant ${ok ? 'HOLDS' : 'BROKEN'}`,
    ],
  };
}
