// Unit tests for the hold rules on labels, quantities, availability and expired holds.
import { describe, expect, it } from 'vitest';
import { ME, OTHER, seatMap } from './seat-map.fixture.ts';
import type { HoldLimits, HoldRuleViolation, SeatSnapshot } from './seat-rules.ts';
import { checkHoldRequest, matchRequestedSeats, resolveSeatState } from './seat-rules.ts';

const roomy: HoldLimits = { maxSeatsPerHold: 10, maxSeatsPerCustomer: 10 };

function check(
  seats: SeatSnapshot[],
  labels: string[],
  limits: HoldLimits = roomy,
  already = 0,
): HoldRuleViolation[] {
  return checkHoldRequest(seats, { customerId: ME, labels }, limits, already);
}

const rulesOf = (violations: HoldRuleViolation[]) => violations.map((v) => v.rule);

describe('resolveSeatState', () => {
  const until = new Date('2031-06-01T20:00:00.000Z');
  const at = (iso: string) => new Date(iso);

  it('keeps a hold until its time, and frees the seat the moment the time passes', () => {
    expect(resolveSeatState('held', until, at('2031-06-01T19:59:59.999Z'))).toBe('held');
    expect(resolveSeatState('held', until, at('2031-06-01T20:00:00.000Z'))).toBe('available');
    expect(resolveSeatState('held', until, at('2031-06-02T08:00:00.000Z'))).toBe('available');
  });

  it('leaves every other state alone, whatever the stored expiry says', () => {
    const later = at('2031-06-03T00:00:00.000Z');
    expect(resolveSeatState('sold', until, later)).toBe('sold');
    expect(resolveSeatState('blocked', until, later)).toBe('blocked');
    expect(resolveSeatState('available', null, later)).toBe('available');
  });

  it('keeps a hold without a readable expiry rather than offer the seat twice', () => {
    const now = at('2031-06-01T20:00:00.000Z');
    expect(resolveSeatState('held', null, now)).toBe('held');
    expect(resolveSeatState('held', undefined, now)).toBe('held');
    expect(resolveSeatState('held', new Date('not a date'), now)).toBe('held');
  });
});

describe('labels', () => {
  const seats = seatMap({ A: 'oooooo', B: 'oooooo' });

  it('accepts a plain request', () => {
    expect(check(seats, ['A3', 'A4'])).toEqual([]);
  });

  it('refuses an empty request', () => {
    expect(check(seats, [])).toEqual([
      { rule: 'empty_request', seats: [], message: 'Choose at least one seat' },
    ]);
  });

  it('names every seat that does not exist, as typed', () => {
    expect(check(seats, ['A3', 'Z9', 'A99'])).toEqual([
      {
        rule: 'unknown_seat',
        seats: ['Z9', 'A99'],
        message: 'There are no seats Z9 and A99 at this showtime',
      },
    ]);
    expect(check(seats, ['Q1'])[0]?.message).toBe('There is no seat Q1 at this showtime');
  });

  it('matches labels regardless of case and reports a seat chosen twice once', () => {
    expect(
      matchRequestedSeats(seats, ['a3', 'A4', 'A3', 'a3', 'b1']).seats.map((s) => s.label),
    ).toEqual(['A3', 'A4', 'B1']);
    expect(check(seats, ['a3', 'A4', 'A3', 'a3'])).toEqual([
      { rule: 'duplicate_seat', seats: ['A3'], message: 'Seat A3 was chosen more than once' },
    ]);
  });
});

describe('quantities', () => {
  const seats = seatMap({ A: 'oooooooo' });

  it('allows up to maxSeatsPerHold seats in one request, and not one more', () => {
    const limits = { maxSeatsPerHold: 4, maxSeatsPerCustomer: 10 };
    expect(check(seats, ['A1', 'A2', 'A3', 'A4'], limits)).toEqual([]);
    expect(check(seats, ['A1', 'A2', 'A3', 'A4', 'A5'], limits)).toEqual([
      {
        rule: 'too_many_seats',
        seats: ['A1', 'A2', 'A3', 'A4', 'A5'],
        message: 'You can choose at most 4 seats at a time; you chose 5',
      },
    ]);
  });

  it('counts distinct seats, unknown ones included', () => {
    const limits = { maxSeatsPerHold: 2, maxSeatsPerCustomer: 10 };
    expect(rulesOf(check(seats, ['A1', 'A1', 'A2'], limits))).toEqual(['duplicate_seat']);
    expect(rulesOf(check(seats, ['A1', 'A2', 'Z1'], limits))).toEqual([
      'unknown_seat',
      'too_many_seats',
    ]);
  });

  it('counts the seats the customer already holds or owns for the showtime', () => {
    const limits = { maxSeatsPerHold: 10, maxSeatsPerCustomer: 6 };
    expect(check(seats, ['A1', 'A2', 'A3'], limits, 3)).toEqual([]);
    expect(check(seats, ['A1', 'A2', 'A3', 'A4'], limits, 3)).toEqual([
      {
        rule: 'customer_limit',
        seats: ['A1', 'A2', 'A3', 'A4'],
        message:
          'You can have at most 6 seats for this showtime and already have 3, so you can add 3 more',
      },
    ]);
    expect(check(seats, ['A1'], limits, 6)[0]?.message).toBe(
      'You can have at most 6 seats for this showtime and already have 6',
    );
    expect(check(seats, ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7'], limits, 0)).toEqual([
      {
        rule: 'customer_limit',
        seats: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7'],
        message: 'You can have at most 6 seats for this showtime',
      },
    ]);
  });

  it('reports both limits when both are passed', () => {
    const limits = { maxSeatsPerHold: 2, maxSeatsPerCustomer: 4 };
    expect(rulesOf(check(seats, ['A1', 'A2', 'A3'], limits, 2))).toEqual([
      'too_many_seats',
      'customer_limit',
    ]);
  });
});

describe('availability', () => {
  it('reports every requested seat that is held, sold or blocked, in one violation', () => {
    const seats = seatMap({ A: 'xhbooo' });
    expect(check(seats, ['A1', 'A2', 'A3', 'A4'])).toEqual([
      {
        rule: 'unavailable',
        seats: ['A1', 'A2', 'A3'],
        message: 'Seats A1, A2, and A3 are no longer available; please choose other seats',
      },
    ]);
  });

  it('tells the customer which of the seats they already have', () => {
    const seats = seatMap({ A: 'mMxooo' });
    expect(check(seats, ['A1'])).toEqual([
      {
        rule: 'unavailable',
        seats: ['A1'],
        message: 'You already have seat A1; please choose other seats',
      },
    ]);
    expect(check(seats, ['A3', 'A1', 'A2'])[0]?.message).toBe(
      'Seat A3 is no longer available; you already have seats A1 and A2; please choose other seats',
    );
  });

  it('treats a seat whose hold has expired as free', () => {
    const now = new Date('2031-06-01T20:00:00.000Z');
    const expired = new Date('2031-06-01T19:50:00.000Z');
    const seats = seatMap({ A: 'hhoo' }).map((seat) =>
      seat.state === 'held' ? { ...seat, state: resolveSeatState(seat.state, expired, now) } : seat,
    );
    expect(check(seats, ['A1', 'A2'])).toEqual([]);
    expect(seats.find((seat) => seat.label === 'A1')?.holderId).toBe(OTHER);
  });

  it('leaves placement rules out while a seat cannot be had', () => {
    // A2 alone would strand A1; the unavailable seat is the one thing to fix first.
    const seats = seatMap({ A: 'ooooox' });
    expect(rulesOf(check(seats, ['A2']))).toEqual(['stranded_seat']);
    expect(rulesOf(check(seats, ['A2', 'A6']))).toEqual(['unavailable']);
    expect(rulesOf(check(seats, ['A2', 'Z1']))).toEqual(['unknown_seat']);
  });
});
