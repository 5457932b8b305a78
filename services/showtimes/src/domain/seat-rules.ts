// Whether a hold request is acceptable, judged on a snapshot of the showtime's seats: pure rules,
// no I/O. docs/holds.md ("Rules") explains each rule; the database stays the final guard.
import type { SeatCategory } from '@marquee/contracts/layouts';
import { findCompanionViolations } from './companion-seats.ts';
import { allOf, isOrAre, seatsNamed } from './seat-wording.ts';
import { findStrandedSeats } from './stranded-seats.ts';

export const SEAT_STATES = ['available', 'held', 'sold', 'blocked'] as const;
export type SeatState = (typeof SEAT_STATES)[number];

/**
 * One seat of a showtime as the rules see it. A snapshot must hold every seat of each row the
 * request names (lone seats are judged on whole rows), and every seat of the showtime when a
 * companion seat is requested (its rule asks whether the rest is sold out).
 */
export interface SeatSnapshot {
  label: string;
  row: string;
  /** Zero-based index in the row, gaps included: seats are adjacent iff positions differ by 1. */
  position: number;
  category: SeatCategory;
  /** Already resolved with `resolveSeatState`: a hold whose time has passed is 'available'. */
  state: SeatState;
  /** The customer holding or owning the seat. */
  holderId?: string;
}

export interface HoldRequest {
  customerId: string;
  labels: string[];
}

export interface HoldLimits {
  /** Most seats one hold request may take. */
  maxSeatsPerHold: number;
  /** Most seats one customer may hold or own for one showtime, across all their holds. */
  maxSeatsPerCustomer: number;
}

export const HOLD_RULES = [
  'empty_request',
  'unknown_seat',
  'duplicate_seat',
  'too_many_seats',
  'customer_limit',
  'unavailable',
  'stranded_seat',
  'companion_without_wheelchair',
] as const;
export type HoldRule = (typeof HOLD_RULES)[number];

export interface HoldRuleViolation {
  rule: HoldRule;
  /** Seats the violation is about, by their layout label (as typed, for unknown seats). */
  seats: string[];
  /** Plain words for the moviegoer. */
  message: string;
}

/**
 * The state a stored seat has at `now`: a hold stops counting the moment its time passes, whether
 * or not anything has swept it yet. `heldUntil` is the first instant the seat is free again. A
 * held seat without a readable expiry stays held: when in doubt, never offer a seat twice.
 */
export function resolveSeatState(
  dbState: SeatState,
  heldUntil: Date | null | undefined,
  now: Date,
): SeatState {
  if (dbState !== 'held' || !heldUntil) return dbState;
  return heldUntil.getTime() <= now.getTime() ? 'available' : 'held';
}

export interface MatchedRequest {
  /** The requested seats that exist, each once, in request order. */
  seats: SeatSnapshot[];
  /** Requested labels that name no seat, each once, as typed. */
  unknown: string[];
  /** Labels requested more than once (layout label when the seat exists). */
  duplicates: string[];
}

// Labels are unique regardless of case in a layout, so "c7" means seat C7 to a person.
const keyOf = (label: string) => label.toUpperCase();

/** Finds the requested seats by label, ignoring case; the service writes `seats[].label`. */
export function matchRequestedSeats(
  seats: readonly SeatSnapshot[],
  labels: readonly string[],
): MatchedRequest {
  const byKey = new Map(seats.map((seat) => [keyOf(seat.label), seat]));
  const seen = new Set<string>();
  const duplicateKeys = new Set<string>();
  const matched: MatchedRequest = { seats: [], unknown: [], duplicates: [] };
  for (const label of labels) {
    const key = keyOf(label);
    const seat = byKey.get(key);
    if (seen.has(key)) {
      if (!duplicateKeys.has(key)) matched.duplicates.push(seat?.label ?? label);
      duplicateKeys.add(key);
      continue;
    }
    seen.add(key);
    if (seat) matched.seats.push(seat);
    else matched.unknown.push(label);
  }
  return matched;
}

function customerLimitMessage(max: number, already: number): string {
  const limit = `You can have at most ${max} seats for this showtime`;
  if (already === 0) return limit;
  const left = max - already;
  return left > 0
    ? `${limit} and already have ${already}, so you can add ${left} more`
    : `${limit} and already have ${already}`;
}

function checkQuantity(
  count: number,
  requested: string[],
  limits: HoldLimits,
  alreadyHeldOrOwned: number,
): HoldRuleViolation[] {
  const violations: HoldRuleViolation[] = [];
  if (count > limits.maxSeatsPerHold) {
    violations.push({
      rule: 'too_many_seats',
      seats: requested,
      message: `You can choose at most ${limits.maxSeatsPerHold} seats at a time; you chose ${count}`,
    });
  }
  if (alreadyHeldOrOwned + count > limits.maxSeatsPerCustomer) {
    violations.push({
      rule: 'customer_limit',
      seats: requested,
      message: customerLimitMessage(limits.maxSeatsPerCustomer, alreadyHeldOrOwned),
    });
  }
  return violations;
}

function checkAvailability(requested: SeatSnapshot[], customerId: string): HoldRuleViolation[] {
  const taken = requested.filter((seat) => seat.state !== 'available');
  if (taken.length === 0) return [];
  const own = taken.filter((seat) => seat.holderId === customerId && seat.state !== 'blocked');
  const others = taken.filter((seat) => !own.includes(seat)).map((seat) => seat.label);
  const ownLabels = own.map((seat) => seat.label);
  const parts: string[] = [];
  if (others.length > 0) {
    parts.push(`${seatsNamed(others)} ${isOrAre(others)} no longer available`);
  }
  if (ownLabels.length > 0) {
    const subject = parts.length === 0 ? 'You' : 'you';
    parts.push(
      `${subject} already have ${own.length === 1 ? 'seat' : 'seats'} ${allOf(ownLabels)}`,
    );
  }
  return [
    {
      rule: 'unavailable',
      seats: taken.map((seat) => seat.label),
      message: `${parts.join('; ')}; please choose other seats`,
    },
  ];
}

/**
 * Every reason the hold request is not acceptable; an empty list means it may go ahead.
 * `alreadyHeldOrOwnedByCustomer` counts the seats the customer already holds or has bought for
 * this showtime. The placement rules (stranded seats) judge the picture after the hold, so they
 * run only when every requested seat exists and is free.
 */
export function checkHoldRequest(
  seats: SeatSnapshot[],
  request: HoldRequest,
  limits: HoldLimits,
  alreadyHeldOrOwnedByCustomer: number,
): HoldRuleViolation[] {
  if (request.labels.length === 0) {
    return [{ rule: 'empty_request', seats: [], message: 'Choose at least one seat' }];
  }
  const matched = matchRequestedSeats(seats, request.labels);
  const violations: HoldRuleViolation[] = [];
  if (matched.unknown.length > 0) {
    violations.push({
      rule: 'unknown_seat',
      seats: matched.unknown,
      message: `There ${matched.unknown.length === 1 ? 'is no seat' : 'are no seats'} ${allOf(matched.unknown)} at this showtime`,
    });
  }
  if (matched.duplicates.length > 0) {
    violations.push({
      rule: 'duplicate_seat',
      seats: matched.duplicates,
      message: `${seatsNamed(matched.duplicates)} ${matched.duplicates.length === 1 ? 'was' : 'were'} chosen more than once`,
    });
  }
  const requestedLabels = [...matched.seats.map((seat) => seat.label), ...matched.unknown];
  violations.push(
    ...checkQuantity(requestedLabels.length, requestedLabels, limits, alreadyHeldOrOwnedByCustomer),
  );
  const availability = checkAvailability(matched.seats, request.customerId);
  violations.push(...availability);
  violations.push(...findCompanionViolations(seats, matched.seats, request.customerId));
  if (matched.unknown.length === 0 && availability.length === 0) {
    violations.push(...findStrandedSeats(seats, matched.seats));
  }
  return violations;
}
