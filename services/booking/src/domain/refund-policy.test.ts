// The cancellation fee bands and the cutoff.
import { describe, expect, it } from 'vitest';
import { quoteCancellation } from './refund-policy.ts';

const startsAt = new Date('2030-05-10T20:00:00Z');
const before = (hours: number) => new Date(startsAt.getTime() - hours * 3_600_000);

describe('quoteCancellation', () => {
  it('refunds everything a week or more before the show', () => {
    expect(quoteCancellation(2500, startsAt, before(7 * 24), 120)).toEqual({
      allowed: true,
      feePercent: 0,
      fee: 0,
      refund: 2500,
    });
  });

  it('keeps 10% from two days to a week before, 25% after that until the cutoff', () => {
    expect(quoteCancellation(2500, startsAt, before(72), 120)).toMatchObject({
      fee: 250,
      refund: 2250,
    });
    expect(quoteCancellation(2500, startsAt, before(47), 120)).toMatchObject({
      fee: 625,
      refund: 1875,
    });
    expect(quoteCancellation(2500, startsAt, before(2.01), 120)).toMatchObject({ feePercent: 25 });
  });

  it('refuses from the cutoff on, naming it', () => {
    const quote = quoteCancellation(2500, startsAt, before(2), 120);
    expect(quote).toEqual({ allowed: false, cutoff: before(2) });
    expect(quoteCancellation(2500, startsAt, before(-1), 120).allowed).toBe(false);
  });

  it('rounds the fee down, never above its percentage', () => {
    expect(quoteCancellation(999, startsAt, before(47), 120)).toMatchObject({
      fee: 249,
      refund: 750,
    });
  });
});
