// Demo ticket prices: what a seat costs in each demo city's currency, with cheaper matinees.
import type { PriceTable } from '@marquee/contracts/prices';

interface PriceBand {
  adult: number;
  child: number;
  senior: number;
}

interface CurrencyPrices {
  currency: string;
  standard: PriceBand;
  premium: PriceBand;
}

// Minor units (cents). Roughly what a city-centre cinema charged in each place in the mid-2020s.
const EUR: CurrencyPrices = {
  currency: 'EUR',
  standard: { adult: 900, child: 650, senior: 700 },
  premium: { adult: 1250, child: 950, senior: 1000 },
};
const USD: CurrencyPrices = {
  currency: 'USD',
  standard: { adult: 1500, child: 1100, senior: 1200 },
  premium: { adult: 2100, child: 1600, senior: 1700 },
};
const AUD: CurrencyPrices = {
  currency: 'AUD',
  standard: { adult: 2450, child: 1750, senior: 1850 },
  premium: { adult: 3400, child: 2600, senior: 2700 },
};

/** The currency of a demo theater, told by its time zone's region. */
export function demoCurrencyPrices(timeZone: string): CurrencyPrices {
  if (timeZone.startsWith('America/')) return USD;
  if (timeZone.startsWith('Australia/')) return AUD;
  return EUR;
}

/** Matinees (starting before 17:00 local) cost about 15% less, rounded to 50 minor units. */
const MATINEE_FACTOR = 0.85;
const discounted = (band: PriceBand, factor: number): PriceBand => ({
  adult: Math.round((band.adult * factor) / 50) * 50,
  child: Math.round((band.child * factor) / 50) * 50,
  senior: Math.round((band.senior * factor) / 50) * 50,
});

/**
 * A demo price table. Wheelchair spaces and companion seats cost what standard seats cost: an
 * accessible seat is never dearer than the seat it replaces.
 */
export function demoPriceTable(timeZone: string, matinee: boolean): PriceTable {
  const prices = demoCurrencyPrices(timeZone);
  const factor = matinee ? MATINEE_FACTOR : 1;
  const standard = discounted(prices.standard, factor);
  const premium = discounted(prices.premium, factor);
  return {
    currency: prices.currency,
    prices: { standard, premium, wheelchair: { ...standard }, companion: { ...standard } },
  };
}
