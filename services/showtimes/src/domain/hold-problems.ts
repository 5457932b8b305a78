// Why a hold operation is refused, as the error kinds the http layer turns into problem+json.
import { AppError, conflict, notFound } from '@marquee/kit/errors';
import type { HoldRecord, ShowtimeSalesRecord } from '../db/holds.repository.ts';
import type { HoldRule, HoldRuleViolation } from './seat-rules.ts';
import { isOrAre, seatsNamed } from './seat-wording.ts';

/** Rules about the request itself: fixing it needs a different request, not other seats. */
const REQUEST_RULES: ReadonlySet<HoldRule> = new Set<HoldRule>([
  'empty_request',
  'unknown_seat',
  'duplicate_seat',
  'too_many_seats',
]);

const sentences = (violations: readonly HoldRuleViolation[]) =>
  violations.map((violation) => `${violation.message}.`).join(' ');

/**
 * 409 with `unavailable` when seats are taken and the request is otherwise well formed (choose
 * other seats); 422 with `violations` for every other rule.
 */
export function refusal(violations: readonly HoldRuleViolation[]): AppError {
  const unavailable = violations
    .filter((violation) => violation.rule === 'unavailable')
    .flatMap((violation) => violation.seats);
  const malformed = violations.some((violation) => REQUEST_RULES.has(violation.rule));
  if (unavailable.length > 0 && !malformed) {
    return new AppError('conflict', sentences(violations), {
      extensions: { unavailable, violations },
    });
  }
  return new AppError('unprocessable', sentences(violations), { extensions: { violations } });
}

/** The seats a conditional update could not take after all: nothing was held. */
export const seatsGone = (labels: string[]) =>
  conflict('Some of these seats are no longer available; please choose other seats.', {
    unavailable: labels,
  });

/** Another take had these rows locked and the caller asked not to wait (best available). */
export const seatsBusy = () =>
  conflict('Other customers are taking seats in this row right now; please try again.', {
    reason: 'seats_busy',
  });

export const showtimeNotFound = (showtimeId: string) =>
  notFound(`There is no showtime ${showtimeId}.`);

export const holdNotFound = (holdId: string) => notFound(`There is no hold ${holdId}.`);

/** Throws unless seats of this showtime may be held at `now`. */
export function assertOnSale(
  showtime: ShowtimeSalesRecord | undefined,
  showtimeId: string,
  now: Date,
): asserts showtime is ShowtimeSalesRecord {
  if (!showtime) throw showtimeNotFound(showtimeId);
  if (showtime.status === 'cancelled') {
    throw conflict('This showtime was cancelled; its seats cannot be held.', {
      reason: 'showtime_cancelled',
    });
  }
  if (now < showtime.salesOpenAt) {
    throw conflict(
      `Tickets for this showtime go on sale at ${showtime.salesOpenAt.toISOString()}.`,
      {
        reason: 'sales_not_open',
        salesOpenAt: showtime.salesOpenAt.toISOString(),
      },
    );
  }
  if (now >= showtime.salesCloseAt) {
    throw conflict('Ticket sales for this showtime have closed.', { reason: 'sales_closed' });
  }
}

const ENDED_WORDS: Record<Exclude<HoldRecord['status'], 'active'>, string> = {
  released: 'was released',
  expired: 'has expired',
  confirmed: 'was already confirmed',
};

/** 409 for a hold that has ended, by status or by time, naming how. */
export function holdEnded(hold: HoldRecord, now: Date, action: string): AppError {
  const status = hold.status === 'active' && hold.expiresAt <= now ? 'expired' : hold.status;
  const words = status === 'active' ? 'is no longer live' : ENDED_WORDS[status];
  return conflict(`This hold ${words}; ${action}.`, { holdStatus: status });
}

export const unprocessable = (message: string, reason: string) =>
  new AppError('unprocessable', message, { extensions: { reason } });

/** 409: only a confirmed hold has sold seats to give back. */
export function notConfirmed(hold: HoldRecord, now: Date): AppError {
  if (hold.status === 'active' && hold.expiresAt > now) {
    return conflict('This hold has not been confirmed, so nothing was sold; release it instead.', {
      holdStatus: 'active',
    });
  }
  return holdEnded(hold, now, 'nothing was sold, so nothing can be returned');
}

/** 422 naming the seats a return asked for that the hold never had. */
export const notInHold = (labels: readonly string[]) =>
  new AppError('unprocessable', `${seatsNamed(labels)} ${isOrAre(labels)} not part of this hold.`, {
    errors: [
      { field: 'body.seats', message: `names seats not in this hold: ${labels.join(', ')}` },
    ],
    extensions: { seats: labels },
  });
