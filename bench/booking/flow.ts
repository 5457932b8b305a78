// One customer's booking through the edge: best-available hold of two seats, the booking
// (Idempotency-Key), then payment with the approving test card (Idempotency-Key) until confirmed.
import { randomUUID } from 'node:crypto';
import type { Reply } from '../lib/load.ts';
import type { FlowStats, Step } from './flow-stats.ts';
import type { Call, Customer } from './seed.ts';
import type { Slots } from './slots.ts';

const CARD = {
  number: '4242 4242 4242 4242',
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 3,
  cvc: '123',
};

export function createBookingFlow(call: Call, slots: Slots) {
  async function step(stats: FlowStats, name: Step, send: () => Promise<Reply>): Promise<Reply> {
    const started = performance.now();
    // A refused or reset connection counts as status 0, so it shows in the errors, not as a crash.
    const reply = await send().catch((err: Error) => ({ status: 0, body: err.message }));
    stats.answer(name, reply.status, performance.now() - started);
    return reply;
  }

  /** One attempt; `spread` picks where in the week the customer starts looking. */
  return async function attempt(customer: Customer, spread: number, stats: FlowStats) {
    const showtimeId = slots.take(customer.id, spread);
    // Provisioning is sized for the target rate and more; running dry is a benchmark bug.
    if (!showtimeId) throw new Error('no showtime has seats left for this customer');
    stats.attempts++;
    const started = performance.now();
    try {
      const hold = await step(stats, 'hold', () =>
        call('POST', `/api/showtimes/${showtimeId}/holds`, { quantity: 2 }, customer.auth),
      );
      if (hold.status !== 201) return;
      const { holdId, seats } = JSON.parse(hold.body) as { holdId: string; seats: string[] };
      const book = await step(stats, 'book', () =>
        call(
          'POST',
          '/api/bookings',
          { holdId, tickets: seats.map((seat) => ({ seat, ticketType: 'adult' })) },
          { ...customer.auth, 'idempotency-key': randomUUID() },
        ),
      );
      if (book.status !== 201) {
        // As a browser would: give the seats back rather than leave them held for minutes.
        await call('DELETE', `/api/holds/${holdId}`, undefined, customer.auth).catch(() => null);
        return;
      }
      const { id } = JSON.parse(book.body) as { id: string };
      const pay = await step(stats, 'pay', () =>
        call(
          'POST',
          `/api/bookings/${id}/pay`,
          { card: CARD },
          { ...customer.auth, 'idempotency-key': randomUUID() },
        ),
      );
      if (pay.status !== 200) return;
      if ((JSON.parse(pay.body) as { status: string }).status === 'confirmed') stats.confirmed++;
      else stats.notConfirmed++;
    } finally {
      stats.flow.add(performance.now() - started);
    }
  };
}
