// The card rules: Luhn, brand by prefix, expiry at the end of the month, CVC length by brand.
import { describe, expect, it } from 'vitest';
import {
  brandOf,
  cardDigits,
  cardProblems,
  isExpired,
  passesLuhn,
  storedCardOf,
} from './card-rules.ts';

const now = new Date('2030-03-15T12:00:00Z');
const card = (
  overrides: Partial<{ number: string; expMonth: number; expYear: number; cvc: string }> = {},
) => ({
  number: '4242 4242 4242 4242',
  expMonth: 12,
  expYear: 2031,
  cvc: '123',
  ...overrides,
});

describe('passesLuhn', () => {
  it.each([
    '4242424242424242',
    '5555555555554444',
    '378282246310005',
    '4000000000000002',
    '4000000000009995',
    '4000000000000119',
    '4000000000003063',
    '79927398713',
  ])('accepts %s', (digits) => expect(passesLuhn(digits)).toBe(true));

  it.each(['4242424242424241', '5555555555554440', '79927398710', '12a4', ''])(
    'refuses %s',
    (digits) => expect(passesLuhn(digits)).toBe(false),
  );
});

describe('brandOf', () => {
  it.each([
    ['4242424242424242', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['5105105105105100', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['2720990000000007', 'mastercard'],
    ['2721000000000000', 'other'],
    ['378282246310005', 'amex'],
    ['340000000000009', 'amex'],
    ['6011111111111117', 'other'],
    ['5600000000000000', 'other'],
  ])('%s is %s', (digits, brand) => expect(brandOf(digits)).toBe(brand));
});

describe('isExpired', () => {
  it('counts the whole expiry month as valid, and not a moment more', () => {
    expect(isExpired(3, 2030, now)).toBe(false);
    expect(isExpired(3, 2030, new Date('2030-03-31T23:59:59.999Z'))).toBe(false);
    expect(isExpired(3, 2030, new Date('2030-04-01T00:00:00Z'))).toBe(true);
    expect(isExpired(2, 2030, now)).toBe(true);
    expect(isExpired(12, 2029, now)).toBe(true);
    expect(isExpired(12, 2029, new Date('2029-12-31T23:00:00Z'))).toBe(false);
  });
});

describe('cardProblems', () => {
  it('finds nothing wrong with a good card, spaces and all', () => {
    expect(cardProblems(card(), now)).toEqual([]);
    expect(cardProblems(card({ number: '3782 822463 10005', cvc: '1234' }), now)).toEqual([]);
  });

  it('names the number when the check digit is wrong', () => {
    expect(cardProblems(card({ number: '4242 4242 4242 4241' }), now)).toEqual([
      { field: 'body.card.number', message: 'is not a valid card number' },
    ]);
  });

  it('names the month when the card ran out earlier this year, the year when before', () => {
    expect(cardProblems(card({ expMonth: 2, expYear: 2030 }), now).map((p) => p.field)).toEqual([
      'body.card.expMonth',
    ]);
    expect(cardProblems(card({ expMonth: 12, expYear: 2029 }), now).map((p) => p.field)).toEqual([
      'body.card.expYear',
    ]);
    expect(cardProblems(card({ expMonth: 3, expYear: 2030 }), now)).toEqual([]);
    expect(cardProblems(card({ expYear: 2051 }), now).map((p) => p.field)).toEqual([
      'body.card.expYear',
    ]);
  });

  it('wants four CVC digits for Amex and three for the others', () => {
    expect(cardProblems(card({ cvc: '1234' }), now).map((p) => p.field)).toEqual(['body.card.cvc']);
    expect(
      cardProblems(card({ number: '378282246310005', cvc: '123' }), now).map((p) => p.field),
    ).toEqual(['body.card.cvc']);
  });

  it('reports every problem at once', () => {
    const problems = cardProblems(
      card({ number: '4242424242424241', expMonth: 1, expYear: 2030, cvc: '1234' }),
      now,
    );
    expect(problems.map((p) => p.field)).toEqual([
      'body.card.number',
      'body.card.expMonth',
      'body.card.cvc',
    ]);
  });
});

describe('storedCardOf', () => {
  it('keeps the brand, last four digits and expiry only', () => {
    expect(storedCardOf(card())).toEqual({
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2031,
    });
    expect(cardDigits('3782 822463 10005')).toBe('378282246310005');
  });
});
