// Best available: which block of adjacent free seats to offer a customer who asks for a number of
// seats instead of naming them. Pure: judged on a snapshot, taken later under locks (docs/holds.md).
import type { SeatCategory } from '@marquee/contracts/layouts';
import { checkHoldRequest, type SeatSnapshot } from './seat-rules.ts';

export interface BestAvailableRequest {
  quantity: number;
  /** Only seats of this category; without one, any seat but wheelchair spaces and companions. */
  category?: SeatCategory;
  customerId: string;
  /** Seats not to offer (e.g. lost to another customer a moment ago). */
  exclude?: ReadonlySet<string>;
  /** Rows not to offer seats in (e.g. busy with another customer's take right now). */
  excludeRows?: ReadonlySet<string>;
  /** At most one block per row: the best of each, so concurrent takes spread over rows. */
  onePerRow?: boolean;
  /** How many blocks to return at most (the rules are judged only until this many pass). */
  limit?: number;
}

export interface SeatBlock {
  row: string;
  seats: string[];
}

// Limits are the take's business; here only placement (stranded seats, companions) decides.
const NO_LIMITS = {
  maxSeatsPerHold: Number.MAX_SAFE_INTEGER,
  maxSeatsPerCustomer: Number.MAX_SAFE_INTEGER,
};
const SPECIAL: ReadonlySet<SeatCategory> = new Set(['wheelchair', 'companion']);

/**
 * Lower is better. Rows about two thirds back are the best seats in the house (whole points per
 * row away); within a row, a block that leaves free runs beside it that later customers asking
 * for the same number cannot fill exactly comes after one that does not (0.5 per such side), and
 * the middle of the row beats its ends (up to 0.4). Packing the runs is what lets a rush of pairs
 * sell every seat instead of leaving single seats nobody can take.
 */
function scoreOf(
  block: SeatSnapshot[],
  rowIndex: number,
  rowCount: number,
  row: SeatSnapshot[],
  start: number,
  free: (seat: SeatSnapshot) => boolean,
) {
  const idealRow = Math.floor((rowCount - 1) * (2 / 3));
  const first = row[0]!.position;
  const last = row[row.length - 1]!.position;
  const middle = (first + last) / 2;
  const blockMiddle = (block[0]!.position + block[block.length - 1]!.position) / 2;
  const width = Math.max(1, last - first);
  const size = block.length;
  const leftover = (gap: number) => (gap % size === 0 ? 0 : 1);
  const fragments =
    leftover(freeRun(row, start - 1, -1, free)) + leftover(freeRun(row, start + size, 1, free));
  return (
    Math.abs(rowIndex - idealRow) + 0.5 * fragments + (0.4 * Math.abs(blockMiddle - middle)) / width
  );
}

/** How many free seats run side by side from `index` in direction `step` (gaps end a run). */
function freeRun(
  row: SeatSnapshot[],
  index: number,
  step: 1 | -1,
  free: (seat: SeatSnapshot) => boolean,
): number {
  let count = 0;
  for (let i = index; i >= 0 && i < row.length; i += step) {
    const seat = row[i]!;
    const neighbour = row[i - step];
    if (!free(seat) || (neighbour && Math.abs(seat.position - neighbour.position) !== 1)) break;
    count += 1;
  }
  return count;
}

// Front row first: rows named A..Z then AA.. (or 1..9 then 10..) sort by length, then by name.
const byRowName = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/**
 * The best blocks of `quantity` side-by-side free seats in one row that the seating rules accept,
 * best first. Empty when there is none: the customer then has to pick seats on the map.
 */
export function rankBestAvailable(
  seats: readonly SeatSnapshot[],
  request: BestAvailableRequest,
): SeatBlock[] {
  const rows = new Map<string, SeatSnapshot[]>();
  for (const seat of seats) {
    const row = rows.get(seat.row);
    if (row) row.push(seat);
    else rows.set(seat.row, [seat]);
  }
  const rowList = [...rows.keys()].sort(byRowName).map((name) => rows.get(name)!);
  const wanted = (seat: SeatSnapshot) =>
    seat.state === 'available' &&
    !request.exclude?.has(seat.label) &&
    (request.category ? seat.category === request.category : !SPECIAL.has(seat.category));

  const blocks: { row: string; rowSeats: SeatSnapshot[]; labels: string[]; score: number }[] = [];
  rowList.forEach((row, rowIndex) => {
    if (request.excludeRows?.has(row[0]!.row)) return;
    row.sort((a, b) => a.position - b.position);
    for (let start = 0; start + request.quantity <= row.length; start++) {
      const block = row.slice(start, start + request.quantity);
      const adjacent = block.every(
        (seat, i) => wanted(seat) && (i === 0 || seat.position === block[i - 1]!.position + 1),
      );
      if (!adjacent) continue;
      const labels = block.map((seat) => seat.label);
      blocks.push({
        row: row[0]!.row,
        rowSeats: row,
        labels,
        score: scoreOf(block, rowIndex, rowList.length, row, start, wanted),
      });
    }
  });
  blocks.sort((a, b) => a.score - b.score);
  // The rules look at whole rows, so they are judged only on the best blocks, until enough pass.
  const limit = request.limit ?? 10;
  const accepted: SeatBlock[] = [];
  const rowsTaken = new Set<string>();
  for (const { row, rowSeats, labels } of blocks) {
    if (request.onePerRow && rowsTaken.has(row)) continue;
    // Lone seats are judged on the block's own row; only the companion rule needs the whole house.
    const judged = request.category === 'companion' ? (seats as SeatSnapshot[]) : rowSeats;
    const violations = checkHoldRequest(
      judged,
      { customerId: request.customerId, labels },
      NO_LIMITS,
      0,
    );
    if (violations.length > 0) continue;
    accepted.push({ row, seats: labels });
    rowsTaken.add(row);
    if (accepted.length >= limit) break;
  }
  return accepted;
}
