// The stranded-seat rule: a hold may not leave a new lone empty seat in a row, unless every other
// way of seating the same number of people in that row would do no better (docs/holds.md).
import type { HoldRuleViolation, SeatSnapshot } from './seat-rules.ts';
import { anyOf, seatRange, seatsNamed } from './seat-wording.ts';

/** How many better placements a message suggests, nearest to the request first. */
const MAX_SUGGESTIONS = 3;

// Only standard and premium seats are general seating. Wheelchair spaces and companion seats
// bound a block like an aisle does: nobody can sit in a wheelchair space, and a companion seat
// is kept for a wheelchair user's companion, so a seat whose only free neighbour is one of them
// is still a lone seat.
const isGeneral = (seat: SeatSnapshot) =>
  seat.category === 'standard' || seat.category === 'premium';

interface RowView {
  seats: SeatSnapshot[];
  byPosition: Map<number, SeatSnapshot>;
  first: number;
  last: number;
}

function viewRows(seats: readonly SeatSnapshot[]): Map<string, RowView> {
  const rows = new Map<string, RowView>();
  for (const seat of seats) {
    let row = rows.get(seat.row);
    if (!row) {
      row = { seats: [], byPosition: new Map(), first: seat.position, last: seat.position };
      rows.set(seat.row, row);
    }
    row.seats.push(seat);
    row.byPosition.set(seat.position, seat);
    row.first = Math.min(row.first, seat.position);
    row.last = Math.max(row.last, seat.position);
  }
  for (const row of rows.values()) row.seats.sort((a, b) => a.position - b.position);
  return rows;
}

/** Held, sold and blocked seats are taken; so are the seats being placed. */
const isFree = (seat: SeatSnapshot, placing: ReadonlySet<string>) =>
  seat.state === 'available' && !placing.has(seat.label);

function hasFreeGeneralNeighbour(
  row: RowView,
  seat: SeatSnapshot,
  placing: ReadonlySet<string>,
): boolean {
  return [seat.position - 1, seat.position + 1].some((position) => {
    const neighbour = row.byPosition.get(position);
    return neighbour !== undefined && isGeneral(neighbour) && isFree(neighbour, placing);
  });
}

const NOTHING = new Set<string>();

/** Free general seats that placing these seats would leave on their own, and that were not already. */
function newLoneSeats(row: RowView, placing: ReadonlySet<string>): SeatSnapshot[] {
  return row.seats.filter(
    (seat) =>
      isGeneral(seat) &&
      isFree(seat, placing) &&
      !hasFreeGeneralNeighbour(row, seat, placing) &&
      hasFreeGeneralNeighbour(row, seat, NOTHING),
  );
}

/** Maximal runs of general seats with no gap, wheelchair space or companion seat between them. */
function blocksOf(row: RowView): SeatSnapshot[][] {
  const blocks: SeatSnapshot[][] = [];
  let current: SeatSnapshot[] = [];
  for (const seat of row.seats) {
    const previous = current[current.length - 1];
    if (!isGeneral(seat) || (previous && previous.position + 1 !== seat.position)) {
      if (current.length > 0) blocks.push(current);
      current = [];
    }
    if (isGeneral(seat)) current.push(seat);
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

/** Every run of `size` free neighbouring seats in one block that leaves no new lone seat. */
function placementsLeavingNoLoneSeat(row: RowView, size: number): SeatSnapshot[][] {
  const placements: SeatSnapshot[][] = [];
  for (const block of blocksOf(row)) {
    for (let start = 0; start + size <= block.length; start += 1) {
      const run = block.slice(start, start + size);
      if (!run.every((seat) => seat.state === 'available')) continue;
      if (newLoneSeats(row, new Set(run.map((seat) => seat.label))).length === 0) {
        placements.push(run);
      }
    }
  }
  return placements;
}

const centreOf = (seats: readonly SeatSnapshot[]) =>
  seats.reduce((sum, seat) => sum + seat.position, 0) / seats.length;

type Side = 'taken' | 'aisle' | 'end' | 'wheelchair' | 'companion';

const SIDE_WORDS: Record<Side, string> = {
  taken: 'a taken seat',
  aisle: 'the aisle',
  end: 'the end of the row',
  wheelchair: 'a wheelchair space',
  companion: 'a companion seat',
};

function sideAt(row: RowView, position: number): Side {
  const seat = row.byPosition.get(position);
  if (!seat) return position < row.first || position > row.last ? 'end' : 'aisle';
  if (seat.category === 'wheelchair' || seat.category === 'companion') return seat.category;
  return 'taken';
}

/** "between taken seats", "between a taken seat and the aisle". */
function whereLeft(row: RowView, seat: SeatSnapshot): string {
  const sides = [sideAt(row, seat.position - 1), sideAt(row, seat.position + 1)];
  if (sides.every((side) => side === 'taken')) return 'between taken seats';
  // One side is always taken (that is what made the seat lone); name it first.
  sides.sort((a, b) => Number(b === 'taken') - Number(a === 'taken'));
  return `between ${sides.map((side) => SIDE_WORDS[side]).join(' and ')}`;
}

function strandedMessage(row: RowView, lone: SeatSnapshot[], better: SeatSnapshot[][]): string {
  const [only] = lone;
  const what =
    lone.length === 1 && only
      ? `${seatsNamed([only.label])} would be left empty on its own ${whereLeft(row, only)}`
      : `${seatsNamed(lone.map((seat) => seat.label))} would each be left empty on their own`;
  const choices = better.map((run) => seatRange(run.map((seat) => seat.label)));
  return `${what}; choose ${anyOf(choices)} instead`;
}

/**
 * One violation per row where the requested seats would leave a new lone seat while another run
 * of as many free seats in that row would leave none. `requested` must all be available.
 */
export function findStrandedSeats(
  seats: readonly SeatSnapshot[],
  requested: readonly SeatSnapshot[],
): HoldRuleViolation[] {
  const rows = viewRows(seats);
  const requestedByRow = new Map<string, SeatSnapshot[]>();
  for (const seat of requested.filter(isGeneral)) {
    requestedByRow.set(seat.row, [...(requestedByRow.get(seat.row) ?? []), seat]);
  }
  const violations: HoldRuleViolation[] = [];
  // Front row first, as the seats came: messages read in a stable order.
  for (const [name, row] of rows) {
    const mine = requestedByRow.get(name);
    if (!mine) continue;
    const lone = newLoneSeats(row, new Set(mine.map((seat) => seat.label)));
    if (lone.length === 0) continue;
    const centre = centreOf(mine);
    const better = placementsLeavingNoLoneSeat(row, mine.length)
      .map((run) => ({ run, distance: Math.abs(centreOf(run) - centre) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, MAX_SUGGESTIONS)
      .map(({ run }) => run);
    if (better.length === 0) continue; // no better choice in this row: the request may stand
    violations.push({
      rule: 'stranded_seat',
      seats: lone.map((seat) => seat.label),
      message: strandedMessage(row, lone, better),
    });
  }
  return violations;
}
