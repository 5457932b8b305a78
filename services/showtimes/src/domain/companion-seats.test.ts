// Unit tests for the companion-seat rule, before and after the rest of the showtime sells out.
import { describe, expect, it } from 'vitest';
import { ME, seatMap } from './seat-map.fixture.ts';
import type { HoldRuleViolation, SeatSnapshot } from './seat-rules.ts';
import { checkHoldRequest } from './seat-rules.ts';

const limits = { maxSeatsPerHold: 10, maxSeatsPerCustomer: 10 };

function check(seats: SeatSnapshot[], labels: string[]): HoldRuleViolation[] {
  return checkHoldRequest(seats, { customerId: ME, labels }, limits, 0);
}

// Row B: companion B1, wheelchair B2, aisle, wheelchair B3, companion B4.
const accessibleRow = 'cw.wc';

describe('before the rest of the showtime is sold out', () => {
  const seats = seatMap({ A: 'oooo', B: accessibleRow });

  it('refuses a companion seat on its own', () => {
    expect(check(seats, ['B1'])).toEqual([
      {
        rule: 'companion_without_wheelchair',
        seats: ['B1'],
        message:
          'Seat B1 is a companion seat, kept for someone accompanying a wheelchair user; choose it ' +
          'together with the wheelchair space beside it (B2). Once every other seat is sold, ' +
          'companion seats are open to everyone',
      },
    ]);
  });

  it('names every such seat in one violation', () => {
    expect(check(seats, ['B1', 'B4'])).toEqual([
      {
        rule: 'companion_without_wheelchair',
        seats: ['B1', 'B4'],
        message:
          'Seats B1 and B4 are companion seats, kept for someone accompanying a wheelchair user; ' +
          'choose each together with the wheelchair space beside it (B2 and B3). Once every ' +
          'other seat is sold, companion seats are open to everyone',
      },
    ]);
  });

  it('allows a companion seat with the wheelchair space beside it in the same request', () => {
    expect(check(seats, ['B1', 'B2'])).toEqual([]);
    expect(check(seats, ['B3', 'B4', 'A1', 'A2'])).toEqual([]);
  });

  it('wants the wheelchair space right beside the companion seat', () => {
    expect(check(seats, ['B1', 'B3']).map((v) => [v.rule, v.seats])).toEqual([
      ['companion_without_wheelchair', ['B1']],
    ]);
  });

  it('allows it beside a wheelchair space the customer already holds or has bought', () => {
    expect(check(seatMap({ A: 'oooo', B: 'cW.wc' }), ['B1'])).toEqual([]);
    expect(check(seatMap({ A: 'oooo', B: 'cS.wc' }), ['B1'])).toEqual([]);
  });

  it("refuses it beside someone else's wheelchair space, or the customer's expired hold", () => {
    expect(check(seatMap({ A: 'oooo', B: 'cv.wc' }), ['B1'])[0]?.rule).toBe(
      'companion_without_wheelchair',
    );
    const expired = seatMap({ A: 'oooo', B: 'cW.wc' }).map((seat) =>
      seat.label === 'B2' ? { ...seat, state: 'available' as const } : seat,
    );
    expect(expired.find((seat) => seat.label === 'B2')?.holderId).toBe(ME);
    expect(check(expired, ['B1'])[0]?.rule).toBe('companion_without_wheelchair');
  });

  it('lets anyone hold a wheelchair space', () => {
    expect(check(seats, ['B2'])).toEqual([]);
  });

  it('reports a companion seat that is taken as unavailable only', () => {
    expect(check(seatMap({ A: 'oooo', B: 'Cw.wc' }), ['B1']).map((v) => v.rule)).toEqual([
      'unavailable',
    ]);
  });
});

describe('once every other seat is held, sold or blocked', () => {
  it('sells companion seats to anyone', () => {
    expect(check(seatMap({ A: 'xhbM', B: accessibleRow }), ['B1'])).toEqual([]);
    expect(check(seatMap({ A: 'xhbM', B: accessibleRow }), ['B1', 'B4'])).toEqual([]);
  });

  it('counts the general seats taken by the same request', () => {
    expect(check(seatMap({ A: 'xxxo', B: accessibleRow }), ['A4', 'B1'])).toEqual([]);
  });

  it('keeps the rule while a single general seat is free', () => {
    expect(check(seatMap({ A: 'xxxo', B: accessibleRow }), ['B1'])[0]?.rule).toBe(
      'companion_without_wheelchair',
    );
  });

  it('does not wait for wheelchair spaces or companion seats to sell', () => {
    expect(check(seatMap({ A: 'xxxx', B: 'cw.wc' }), ['B4'])).toEqual([]);
  });
});
