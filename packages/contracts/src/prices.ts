// Price tables: what a seat costs, by seat category and ticket type, in integer minor units.
import { z } from 'zod';
import { SEAT_CATEGORIES } from './layouts.ts';

export const TICKET_TYPES = ['adult', 'child', 'senior'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

const amount = z
  .number({ error: 'must be an amount in minor units (e.g. cents)' })
  .int('must be a whole number of minor units')
  .min(0, 'must not be negative')
  .max(10_000_000, 'must be at most 10,000,000');

const byTicketType = z.strictObject({ adult: amount, child: amount, senior: amount });

export const priceTableSchema = z.strictObject({
  /** ISO 4217 code, e.g. EUR; amounts are in its minor unit. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR'),
  prices: z.strictObject(
    Object.fromEntries(SEAT_CATEGORIES.map((c) => [c, byTicketType])) as Record<
      (typeof SEAT_CATEGORIES)[number],
      typeof byTicketType
    >,
  ),
});

export type PriceTable = z.output<typeof priceTableSchema>;

export function priceOf(
  table: PriceTable,
  category: (typeof SEAT_CATEGORIES)[number],
  ticket: TicketType,
): number {
  return table.prices[category][ticket];
}
