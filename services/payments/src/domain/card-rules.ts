// Card rules checked before anything is stored or charged: the Luhn check digit, the brand from the
// number's prefix, expiry against the service's clock, and the CVC length for the brand.
import type { CardBrand, CardInput, StoredCard } from '@marquee/contracts/payments';
import type { FieldProblem } from '@marquee/kit/errors';

/** The number without the spaces people type between digit groups. */
export const cardDigits = (number: string) => number.replace(/ /g, '');

export function passesLuhn(digits: string): boolean {
  if (!/^[0-9]+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Brand by issuer prefix: Visa 4; Mastercard 51–55 and 2221–2720; Amex 34 and 37. */
export function brandOf(digits: string): CardBrand {
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^4/.test(digits)) return 'visa';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  return 'other';
}

export const cvcLengthFor = (brand: CardBrand) => (brand === 'amex' ? 4 : 3);

/** A card is good through the last instant of its expiry month (UTC, as processors count it). */
export const isExpired = (expMonth: number, expYear: number, now: Date) =>
  now.getTime() >= Date.UTC(expYear, expMonth, 1);

/** Cards are not issued for longer than this; a later year is a typing mistake. */
const MAX_YEARS_AHEAD = 20;

/** Every problem with the card, each naming its field as the request spells it (`body.card.*`). */
export function cardProblems(card: CardInput, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const digits = cardDigits(card.number);
  const brand = brandOf(digits);
  if (!passesLuhn(digits)) {
    problems.push({ field: 'body.card.number', message: 'is not a valid card number' });
  }
  const year = now.getUTCFullYear();
  if (card.expYear < year) {
    problems.push({ field: 'body.card.expYear', message: 'is in the past: the card has expired' });
  } else if (isExpired(card.expMonth, card.expYear, now)) {
    problems.push({ field: 'body.card.expMonth', message: 'is in the past: the card has expired' });
  } else if (card.expYear > year + MAX_YEARS_AHEAD) {
    problems.push({
      field: 'body.card.expYear',
      message: `must be at most ${MAX_YEARS_AHEAD} years ahead`,
    });
  }
  const cvcLength = cvcLengthFor(brand);
  if (card.cvc.length !== cvcLength) {
    problems.push({
      field: 'body.card.cvc',
      message: `must be ${cvcLength} digits for ${brand === 'amex' ? 'an American Express' : 'this'} card`,
    });
  }
  return problems;
}

/** All that is ever kept of a card. */
export function storedCardOf(card: CardInput): StoredCard {
  const digits = cardDigits(card.number);
  return {
    brand: brandOf(digits),
    last4: digits.slice(-4),
    expMonth: card.expMonth,
    expYear: card.expYear,
  };
}
