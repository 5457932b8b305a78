// Taking a hold on the best available seats: choose a block on the current seat map, take it the
// usual way (locks, rules, conditional updates), and choose again if someone was faster.
import type { SeatCategory } from '@marquee/contracts/layouts';
import { AppError, conflict } from '@marquee/kit/errors';
import { rankBestAvailable } from './best-available.ts';
import type { SeatMap } from './seat-map.service.ts';
import type { HoldRequestInput, NewHold } from './take-hold.ts';

export interface BestAvailableInput {
  showtimeId: string;
  customerId: string;
  quantity: number;
  category?: SeatCategory;
}

export interface TakeBestAvailableDeps {
  /** The current seat map (cached per version: a rush costs one render per change). */
  seatMap: (showtimeId: string) => Promise<SeatMap>;
  takeHold: (input: HoldRequestInput) => Promise<NewHold>;
  random?: () => number;
}

/** Rounds of choose-and-take before telling the customer to try again. */
const ROUNDS = 8;
/**
 * Customers asking at the same moment would all be offered the very best block and queue for
 * its row, all but one in vain. Each is offered the best block of one of the few best rows
 * instead, taken without waiting for a row another take holds: a busy row is skipped, not
 * queued for. Only the last round waits, so a request always ends with an answer from the rows.
 */
const SPREAD_ROWS = 4;

type Loss = { kind: 'busy' } | { kind: 'taken' };

function lossOf(err: unknown): Loss | undefined {
  if (!(err instanceof AppError)) return undefined;
  if (err.kind === 'conflict' && err.extensions?.reason === 'seats_busy') return { kind: 'busy' };
  const violations = err.extensions?.violations as { rule: string }[] | undefined;
  const placementOnly =
    Array.isArray(violations) &&
    violations.every((v) => v.rule === 'stranded_seat' || v.rule === 'unavailable');
  // Seats taken or the row changed under us; every other refusal is the customer's to see.
  if (err.kind === 'conflict' && Array.isArray(err.extensions?.unavailable))
    return { kind: 'taken' };
  if ((err.kind === 'conflict' || err.kind === 'unprocessable') && placementOnly)
    return { kind: 'taken' };
  return undefined;
}

/**
 * Best-available takes in flight at once, per process; the rest wait their turn in arrival order.
 * A rush past this only adds rounds lost to one another while each transaction waits for the CPU
 * between its statements (holding its rows longer): admitting a few at a time sells faster.
 */
const IN_FLIGHT = 6;

function createAdmission(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function admitted<T>(work: () => Promise<T>): Promise<T> {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

export function createTakeBestAvailable(deps: TakeBestAvailableDeps) {
  const random = deps.random ?? Math.random;
  const admitted = createAdmission(IN_FLIGHT);
  return (input: BestAvailableInput): Promise<NewHold> => admitted(() => takeBestAvailable(input));

  async function takeBestAvailable(input: BestAvailableInput): Promise<NewHold> {
    const exclude = new Set<string>();
    const busyRows = new Set<string>();
    let raced = false;
    for (let round = 0; round < ROUNDS; round++) {
      const lastRound = round === ROUNDS - 1;
      const map = await deps.seatMap(input.showtimeId);
      let blocks = rankBestAvailable(map.seats, {
        quantity: input.quantity,
        category: input.category,
        customerId: input.customerId,
        exclude,
        excludeRows: busyRows,
        onePerRow: true,
        limit: SPREAD_ROWS,
      });
      // Every row with a block was busy a moment ago: look at all of them again.
      if (blocks.length === 0 && busyRows.size > 0) {
        busyRows.clear();
        continue;
      }
      if (blocks.length === 0) break;
      if (lastRound) blocks = blocks.slice(0, 1);
      const block = blocks[Math.floor(random() * blocks.length)]!;
      try {
        return await deps.takeHold({
          showtimeId: input.showtimeId,
          customerId: input.customerId,
          seats: block.seats,
          noWait: !lastRound,
        });
      } catch (err) {
        const loss = lossOf(err);
        if (!loss) throw err;
        raced = true;
        if (loss.kind === 'busy') busyRows.add(block.row);
        else for (const label of block.seats) exclude.add(label);
      }
    }
    const kind = input.category ? `${input.category} ` : '';
    throw conflict(
      raced
        ? 'Other customers took the seats we found; please try again or choose seats on the map.'
        : `There are no ${input.quantity} ${kind}seats side by side left; please choose seats on the map.`,
      {
        reason: raced ? 'best_available_taken' : 'no_best_available',
        quantity: input.quantity,
        ...(input.category ? { category: input.category } : {}),
      },
    );
  }
}
