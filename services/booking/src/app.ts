// The booking service's composition: bookings, the payment saga, cancellations and tickets over
// one database, the recovery/expiry loop, and the event consumers. `runService` hosts it.
import type { TokenVerifier } from '@marquee/kit/auth';
import type { EventBus } from '@marquee/kit/bus';
import type { Database } from '@marquee/kit/db';
import { createRoutes, type Routes } from '@marquee/kit/http';
import type { Logger } from '@marquee/kit/logging';
import type { Worker } from '@marquee/kit/runtime';
import { createPaymentsClient } from './clients/payments.client.ts';
import { withShowtimeCache } from './clients/showtime-cache.ts';
import { createShowtimesClient } from './clients/showtimes.client.ts';
import { createUpstream, type TokenSource } from './clients/upstream.ts';
import type { BookingConfig } from './config.ts';
import { createBookingsRepository } from './db/bookings.repository.ts';
import { issueTickets, voidTickets } from './db/tickets.repository.ts';
import type { BookingDeps, TicketIssuer } from './domain/booking-deps.ts';
import { createBookingWorkers } from './domain/booking-workers.ts';
import { createBookingsService } from './domain/bookings.service.ts';
import { createCancellationService } from './domain/cancellation.service.ts';
import { createPaymentSaga } from './domain/payment.saga.ts';
import type { TicketSigner } from './domain/ticket-codes.ts';
import { addBookingRoutes } from './http/bookings.routes.ts';
import { addTicketRoutes } from './http/tickets.routes.ts';
import { createBookingConsumers } from './messaging/booking-consumers.ts';

export const SERVICE_NAME = 'booking';

export const BOOKING_API_INFO = {
  title: 'Marquee booking',
  version: '1.0.0',
  description:
    'Bookings from holds, paid through a saga that never leaves money without seats or seats ' +
    'without money; tickets with signed codes and QR images; check-in at the door; ' +
    'cancellations with refunds. See docs/booking.md and docs/tickets.md.',
};

export interface BookingAppDeps {
  config: BookingConfig;
  logger: Logger;
  db: Database;
  bus: EventBus;
  verifier: TokenVerifier;
  /** This service's own token, for calls to showtimes and payments. */
  tokens: TokenSource;
  signer: TicketSigner;
  clock: () => Date;
  notifyOutbox: () => void;
}

export interface BookingApp {
  routes: Routes;
  workers: Worker[];
  /** One pass of each loop, for tests that move the clock. */
  recover(): Promise<number>;
  expire(): Promise<number>;
}

export function buildBooking(deps: BookingAppDeps): BookingApp {
  const { config, db, clock, signer } = deps;
  const upstream = (name: string, baseUrl: string) =>
    createUpstream({ name, baseUrl, tokens: deps.tokens, timeoutMs: config.UPSTREAM_TIMEOUT_MS });
  const tickets: TicketIssuer = {
    issue: (tx, input) => issueTickets(tx, input, signer),
    void: async (tx, bookingId, seats, now) => {
      await voidTickets(tx, bookingId, seats, now);
    },
  };
  const domain: BookingDeps = {
    db,
    clock,
    logger: deps.logger,
    config,
    showtimes: withShowtimeCache(
      createShowtimesClient(upstream('showtimes', config.SHOWTIMES_URL!)),
      { ttlSeconds: config.SHOWTIME_CACHE_SECONDS, now: () => clock().getTime() },
    ),
    payments: createPaymentsClient(upstream('payments', config.PAYMENTS_URL!)),
    tickets,
    notifyOutbox: deps.notifyOutbox,
  };
  const bookings = createBookingsService(domain);
  const saga = createPaymentSaga(domain);
  const loops = createBookingWorkers(domain, saga, { intervalMs: config.RECOVERY_INTERVAL_MS });

  const routes = createRoutes({ verifier: deps.verifier });
  addBookingRoutes(routes, {
    db,
    bookings,
    saga,
    cancellations: createCancellationService(domain),
    clock,
  });
  addTicketRoutes(routes, {
    db,
    signer,
    clock,
    customerOf: async (bookingId) =>
      (await createBookingsRepository(db).find(bookingId))?.customerId,
  });
  return {
    routes,
    workers: [loops.worker, createBookingConsumers(domain, deps.bus)],
    recover: loops.recover,
    expire: loops.expire,
  };
}
