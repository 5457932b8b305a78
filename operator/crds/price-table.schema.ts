// The price table as a CRD schema, built from the contracts' seat categories and ticket types so
// it cannot drift from packages/contracts/src/prices.ts (a test checks both accept the same tables).
import { SEAT_CATEGORIES } from '@marquee/contracts/layouts';
import { TICKET_TYPES } from '@marquee/contracts/prices';
import type { JSONSchemaProps } from './crd-types.ts';

/** The bound priceTableSchema puts on an amount, in minor units. */
export const MAX_AMOUNT_MINOR = 10_000_000;

const amount = (ticket: string, category: string): JSONSchemaProps => ({
  type: 'integer',
  format: 'int64',
  minimum: 0,
  maximum: MAX_AMOUNT_MINOR,
  description: `The ${ticket} price of a ${category} seat, in minor units of the currency (cents for EUR).`,
});

function byTicketType(category: string): JSONSchemaProps {
  return {
    type: 'object',
    description: `Prices of a ${category} seat by ticket type.`,
    required: [...TICKET_TYPES],
    properties: Object.fromEntries(TICKET_TYPES.map((t) => [t, amount(t, category)])),
  };
}

export const priceTableSchema: JSONSchemaProps = {
  type: 'object',
  description:
    'What each seat costs, by seat category and ticket type, in integer minor units of one currency.',
  required: ['currency', 'prices'],
  properties: {
    currency: {
      type: 'string',
      pattern: '^[A-Z]{3}$',
      description: 'ISO 4217 code such as EUR; every amount is in its minor unit.',
    },
    prices: {
      type: 'object',
      description: `One entry per seat category (${SEAT_CATEGORIES.join(', ')}).`,
      required: [...SEAT_CATEGORIES],
      properties: Object.fromEntries(SEAT_CATEGORIES.map((c) => [c, byTicketType(c)])),
    },
  },
};
