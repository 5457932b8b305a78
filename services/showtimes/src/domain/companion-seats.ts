// The companion-seat rule: a companion seat goes with the wheelchair space beside it until the
// rest of the showtime is sold out; after that it is sold to anyone (docs/holds.md).
import type { HoldRuleViolation, SeatSnapshot } from './seat-rules.ts';
import { allOf, isOrAre, seatsNamed } from './seat-wording.ts';

const isAccessible = (seat: SeatSnapshot) =>
  seat.category === 'wheelchair' || seat.category === 'companion';

/**
 * True when every seat that is neither a wheelchair space nor a companion seat is held, sold or
 * blocked once `placing` is taken too: the public has nowhere else to sit, so keeping companion
 * seats back would only leave them empty.
 */
export function isGeneralSeatingGone(
  seats: readonly SeatSnapshot[],
  placing: ReadonlySet<string>,
): boolean {
  return seats.every(
    (seat) => isAccessible(seat) || seat.state !== 'available' || placing.has(seat.label),
  );
}

const positionKey = (row: string, position: number) => `${row}\u0000${position}`;

/** The companion seats in `requested` that have no wheelchair space of the customer beside them. */
export function findCompanionViolations(
  seats: readonly SeatSnapshot[],
  requested: readonly SeatSnapshot[],
  customerId: string,
): HoldRuleViolation[] {
  // A seat that cannot be had is reported as unavailable; one reason per seat is enough.
  const companions = requested.filter(
    (seat) => seat.category === 'companion' && seat.state === 'available',
  );
  if (companions.length === 0) return [];
  const placing = new Set(requested.map((seat) => seat.label));
  if (isGeneralSeatingGone(seats, placing)) return [];

  const at = new Map(seats.map((seat) => [positionKey(seat.row, seat.position), seat]));
  const wheelchairsBeside = (seat: SeatSnapshot) =>
    [seat.position - 1, seat.position + 1]
      .map((position) => at.get(positionKey(seat.row, position)))
      .filter((next): next is SeatSnapshot => next?.category === 'wheelchair');
  // The customer's own wheelchair space: in this request, or already held or bought by them.
  const isCustomers = (space: SeatSnapshot) =>
    placing.has(space.label) ||
    ((space.state === 'held' || space.state === 'sold') && space.holderId === customerId);

  const lacking = companions.filter((seat) => !wheelchairsBeside(seat).some(isCustomers));
  if (lacking.length === 0) return [];
  const labels = lacking.map((seat) => seat.label);
  const spaces = [...new Set(lacking.flatMap(wheelchairsBeside).map((space) => space.label))];
  const one = lacking.length === 1;
  // Layouts always put a wheelchair space beside a companion seat; the guard keeps old ones readable.
  const where = spaces.length > 0 ? ` (${allOf(spaces)})` : '';
  return [
    {
      rule: 'companion_without_wheelchair',
      seats: labels,
      message:
        `${seatsNamed(labels)} ${isOrAre(labels)} ${one ? 'a companion seat' : 'companion seats'}, ` +
        `kept for someone accompanying a wheelchair user; choose ${one ? 'it' : 'each'} together ` +
        `with the wheelchair space beside it${where}. Once every other seat ` +
        'is sold, companion seats are open to everyone',
    },
  ];
}
