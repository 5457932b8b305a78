// What the booking domain is built from: the database, the clock, the other services, and the
// ticket issuer. Built once in app.ts.
import type { Database, Queryable } from '@marquee/kit/db';
import type { Logger } from '@marquee/kit/logging';
import type { PaymentsClient } from '../clients/payments.client.ts';
import type { CachedShowtimesClient } from '../clients/showtime-cache.ts';
import type { BookingConfig } from '../config.ts';
import type { TicketRow } from '../db/tickets.repository.ts';
import type { TicketType } from './booking-states.ts';

export interface TicketIssuer {
  issue(
    tx: Queryable,
    input: {
      bookingId: string;
      showtimeId: string;
      items: { seat: string; ticketType: TicketType }[];
      now: Date;
    },
  ): Promise<TicketRow[]>;
  void(tx: Queryable, bookingId: string, seats: string[], now: Date): Promise<void>;
}

export interface BookingDeps {
  db: Database;
  clock: () => Date;
  logger: Logger;
  config: Pick<
    BookingConfig,
    'CANCEL_CUTOFF_MINUTES' | 'RECOVERY_AFTER_SECONDS' | 'PAY_HOLD_MIN_SECONDS'
  >;
  showtimes: CachedShowtimesClient;
  payments: PaymentsClient;
  tickets: TicketIssuer;
  /** Wakes the outbox relay after a commit that wrote events. */
  notifyOutbox: () => void;
}
