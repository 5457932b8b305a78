// What a booking costs: each seat priced by its category and ticket type from the showtime's
// price table, in minor units. Pure.
import type { SeatCategory } from '@marquee/contracts/layouts';
import { priceOf, type PriceTable, type TicketType } from '@marquee/contracts/prices';

export interface TicketChoice {
  seat: string;
  ticketType: TicketType;
}

export interface PricedItem extends TicketChoice {
  category: SeatCategory;
  price: number;
}

export type PricingProblem = { field: string; message: string };

/**
 * Prices one ticket per held seat. Every held seat needs exactly one ticket and no ticket may name
 * a seat outside the hold; problems name the field at fault (`tickets[i].seat`, `tickets`).
 */
export function priceTickets(
  table: PriceTable,
  heldSeats: ReadonlyMap<string, SeatCategory>,
  tickets: readonly TicketChoice[],
): { items: PricedItem[]; total: number } | { problems: PricingProblem[] } {
  const problems: PricingProblem[] = [];
  const seen = new Set<string>();
  const items: PricedItem[] = [];
  tickets.forEach((ticket, i) => {
    const seat = [...heldSeats.keys()].find((s) => s.toUpperCase() === ticket.seat.toUpperCase());
    if (!seat) {
      problems.push({ field: `tickets[${i}].seat`, message: `${ticket.seat} is not in this hold` });
      return;
    }
    if (seen.has(seat)) {
      problems.push({ field: `tickets[${i}].seat`, message: `${seat} has more than one ticket` });
      return;
    }
    seen.add(seat);
    const category = heldSeats.get(seat)!;
    items.push({
      seat,
      ticketType: ticket.ticketType,
      category,
      price: priceOf(table, category, ticket.ticketType),
    });
  });
  const missing = [...heldSeats.keys()].filter((seat) => !seen.has(seat));
  if (missing.length > 0) {
    problems.push({
      field: 'tickets',
      message: `every held seat needs a ticket; missing: ${missing.join(', ')}`,
    });
  }
  if (problems.length > 0) return { problems };
  return { items, total: items.reduce((sum, item) => sum + item.price, 0) };
}
