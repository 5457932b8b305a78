// Holds on seats: take, read, release, extend, confirm into a sale, and return sold seats.
// PostgreSQL decides every outcome inside one transaction; time comes from the injected clock, so
// a hold counts only until its expiry whether or not the sweeper has run (docs/holds.md, 0006).
import type { SeatCategory } from '@marquee/contracts/layouts';
import type { Role } from '@marquee/kit/auth';
import { createMemoryCache } from '@marquee/kit/cache';
import type { Database } from '@marquee/kit/db';
import type { Logger } from '@marquee/kit/logging';
import type { ShowtimesConfig } from '../config.ts';
import { createHoldPathRepository } from '../db/hold-path.repository.ts';
import { createHoldSeatsRepository } from '../db/hold-seats.repository.ts';
import { createHoldsRepository, type HoldRecord } from '../db/holds.repository.ts';
import { createConfirmHold, type ConfirmedHold } from './confirm-hold.ts';
import { prepareSeatEvent, seatsCommitted } from './hold-events.ts';
import { holdEnded, holdNotFound, unprocessable } from './hold-problems.ts';
import { createReturnSeats, type ReturnedSeats, type ReturnSeatsInput } from './return-seats.ts';
import { createSeatMapService, type SeatMap } from './seat-map.service.ts';
import { createTakeBestAvailable, type BestAvailableInput } from './take-best-available.ts';
import { createTakeHold, type HoldRequestInput, type NewHold } from './take-hold.ts';

export type { HoldRequestInput, NewHold } from './take-hold.ts';
export type { BestAvailableInput } from './take-best-available.ts';
export type { ConfirmedHold } from './confirm-hold.ts';
export type { ReturnedSeats, ReturnReason, ReturnSeatsInput } from './return-seats.ts';

export type HoldsConfig = Pick<
  ShowtimesConfig,
  | 'HOLD_TTL_SECONDS'
  | 'HOLD_EXTENSION_SECONDS'
  | 'HOLD_MAX_EXTENSIONS'
  | 'HOLD_MAX_TOTAL_SECONDS'
  | 'MAX_SEATS_PER_HOLD'
  | 'MAX_SEATS_PER_CUSTOMER'
  | 'SWEEP_INTERVAL_MS'
>;

export interface HoldsDeps {
  db: Database;
  clock: () => Date;
  config: HoldsConfig;
  logger: Logger;
  /** Wakes the outbox relay after a commit that wrote events. */
  notifyOutbox: () => void;
  /** Told after a commit that changed seats of the showtime (seat-map caches, live updates). */
  onSeatsChanged?: (showtimeId: string) => void;
  /** The current seat map, for best-available holds (the seat-map service's snapshot). */
  seatMap?: (showtimeId: string) => Promise<SeatMap>;
}

/** Who asks: holds belong to customers; admins and the booking service act on any. */
export interface HoldActor {
  userId: string;
  role: Role;
}

export interface HoldView {
  holdId: string;
  showtimeId: string;
  customerId: string;
  seats: string[];
  /** 'expired' as soon as the expiry passes, swept or not. */
  status: HoldRecord['status'];
  createdAt: string;
  expiresAt: string;
  extensions: number;
  extensionsLeft: number;
  endedAt: string | null;
  bookingRef: string | null;
  /** Each seat's category, so booking can price the tickets without reading the seat map. */
  seatCategories: Record<string, SeatCategory>;
}

export interface ExtendedHold {
  holdId: string;
  expiresAt: string;
  extensionsLeft: number;
}

export interface HoldsService {
  take(input: HoldRequestInput): Promise<NewHold>;
  /** Holds the best block of side-by-side seats the rules allow (docs/holds.md). */
  takeBestAvailable(input: BestAvailableInput): Promise<NewHold>;
  get(holdId: string, actor: HoldActor): Promise<HoldView>;
  /** Ends the hold and frees its seats; releasing an ended hold again changes nothing. */
  release(holdId: string, actor: HoldActor): Promise<void>;
  extend(holdId: string, actor: HoldActor): Promise<ExtendedHold>;
  /** Sells a live hold's seats; confirming a confirmed hold answers the same again. */
  confirm(holdId: string, input: { bookingRef?: string }): Promise<ConfirmedHold>;
  /** Puts sold seats of a confirmed hold back on sale; returning them again changes nothing. */
  returnSeats(holdId: string, input: ReturnSeatsInput): Promise<ReturnedSeats>;
}

const isOwner = (hold: HoldRecord, actor: HoldActor) => hold.customerId === actor.userId;
// Others' holds are reported as missing, not forbidden: their existence is nobody else's business.
const mayRead = (hold: HoldRecord, actor: HoldActor) =>
  isOwner(hold, actor) || actor.role === 'admin' || actor.role === 'service';
// Booking releases the hold of a booking that ran out, and extends one to cover a payment.
const mayRelease = (hold: HoldRecord, actor: HoldActor) =>
  isOwner(hold, actor) || actor.role === 'admin' || actor.role === 'service';
const mayExtend = (hold: HoldRecord, actor: HoldActor) =>
  isOwner(hold, actor) || actor.role === 'service';

export function createHoldsService(deps: HoldsDeps): HoldsService {
  const { db, clock, config } = deps;
  const seconds = (n: number) => n * 1000;
  const longestExpiry = (hold: HoldRecord) =>
    new Date(hold.createdAt.getTime() + seconds(config.HOLD_MAX_TOTAL_SECONDS));
  const isLive = (hold: HoldRecord, now: Date) => hold.status === 'active' && hold.expiresAt > now;
  const extensionsLeft = (hold: HoldRecord, now: Date) =>
    isLive(hold, now) && hold.expiresAt < longestExpiry(hold)
      ? Math.max(0, config.HOLD_MAX_EXTENSIONS - hold.extensions)
      : 0;

  const committed = (showtimeId: string) => seatsCommitted(deps, [showtimeId]);

  async function findVisible(
    holdId: string,
    actor: HoldActor,
    may: (hold: HoldRecord, actor: HoldActor) => boolean,
  ): Promise<HoldRecord> {
    const hold = await createHoldsRepository(db).find(holdId);
    if (!hold || !may(hold, actor)) throw holdNotFound(holdId);
    return hold;
  }

  function toView(hold: HoldRecord, now: Date): Omit<HoldView, 'seatCategories'> {
    const expired = hold.status === 'active' && hold.expiresAt <= now;
    return {
      holdId: hold.id,
      showtimeId: hold.showtimeId,
      customerId: hold.customerId,
      seats: hold.seatLabels,
      status: expired ? 'expired' : hold.status,
      createdAt: hold.createdAt.toISOString(),
      expiresAt: hold.expiresAt.toISOString(),
      extensions: hold.extensions,
      extensionsLeft: extensionsLeft(hold, now),
      endedAt: (hold.endedAt ?? (expired ? hold.expiresAt : null))?.toISOString() ?? null,
      bookingRef: hold.bookingRef,
    };
  }

  const take = createTakeHold(deps);
  const seatMap =
    deps.seatMap ??
    createSeatMapService({
      db,
      clock,
      cache: createMemoryCache({ maxEntries: 100 }),
      ttlSeconds: 60,
    }).snapshot;

  return {
    take,
    takeBestAvailable: createTakeBestAvailable({ seatMap, takeHold: take }),

    async get(holdId, actor) {
      const found = await createHoldsRepository(db).findWithCategories(holdId);
      if (!found || !mayRead(found.hold, actor)) throw holdNotFound(holdId);
      return { ...toView(found.hold, clock()), seatCategories: found.seatCategories };
    },

    async release(holdId, actor) {
      const now = clock();
      // Straight into the transaction: reading the hold first would cost a round trip on every
      // release to spare one only for holds that are missing, others' or ended already.
      const showtimeId = await db.transaction(async (tx) => {
        const path = createHoldPathRepository(tx);
        const locked = await path.lockForRelease(holdId);
        if (!locked || !mayRelease(locked.hold, actor)) throw holdNotFound(holdId);
        const { hold: current, heldSeats } = locked;
        if (current.status === 'confirmed') {
          throw holdEnded(current, now, 'cancel the booking instead');
        }
        if (current.status !== 'active') return undefined;
        // A hold released after its time ran out had already expired: say so, as the sweeper would.
        const expired = current.expiresAt <= now;
        const reason = expired ? 'expired' : 'released';
        // The seats are locked: the update frees exactly the ones read as held.
        const { freed, ended } = await path.endHold({
          holdId,
          status: reason,
          endedAt: expired ? current.expiresAt : now,
          event:
            heldSeats.length > 0
              ? prepareSeatEvent('seat.released.v1', {
                  showtimeId: current.showtimeId,
                  holdId,
                  customerId: current.customerId,
                  seats: heldSeats,
                  reason,
                })
              : undefined,
        });
        if (!ended || freed !== heldSeats.length) {
          throw new Error(`hold ${holdId} changed under its locks while being released`);
        }
        return current.showtimeId;
      });
      if (showtimeId) committed(showtimeId);
    },

    async extend(holdId, actor) {
      const now = clock();
      const hold = await findVisible(holdId, actor, mayExtend);
      const extended = await db.transaction(async (tx) => {
        await createHoldSeatsRepository(tx).lockHoldSeats(holdId);
        const holds = createHoldsRepository(tx);
        const current = (await holds.lock(holdId)) ?? hold;
        if (!isLive(current, now)) throw holdEnded(current, now, 'take a new hold');
        if (current.extensions >= config.HOLD_MAX_EXTENSIONS) {
          throw unprocessable(
            `A hold can be extended at most ${config.HOLD_MAX_EXTENSIONS} times; this one has been.`,
            'extension_limit',
          );
        }
        const longest = longestExpiry(current);
        const wanted = new Date(now.getTime() + seconds(config.HOLD_EXTENSION_SECONDS));
        const expiresAt = wanted < longest ? wanted : longest;
        if (expiresAt <= current.expiresAt) {
          throw longest <= current.expiresAt
            ? unprocessable(
                `A hold lasts at most ${config.HOLD_MAX_TOTAL_SECONDS / 60} minutes from when it was taken; this one cannot be extended further.`,
                'longest_hold',
              )
            : unprocessable(
                `This hold already lasts longer than an extension would give; extend it when less than ${config.HOLD_EXTENSION_SECONDS / 60} minutes are left.`,
                'too_early',
              );
        }
        const moved = await holds.extend(holdId, expiresAt, now);
        if (!moved) throw holdEnded(current, now, 'take a new hold');
        return { ...current, ...moved };
      });
      committed(hold.showtimeId);
      return {
        holdId,
        expiresAt: extended.expiresAt.toISOString(),
        extensionsLeft: extensionsLeft(extended, now),
      };
    },

    confirm: createConfirmHold(deps),
    returnSeats: createReturnSeats(deps),
  };
}
