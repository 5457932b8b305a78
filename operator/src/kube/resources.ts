// The custom resources the operator reconciles, as TypeScript types, with their API coordinates
// and the fixed names (finalizer, schedule label) every part of the operator shares.
import type { PriceTable } from '@marquee/contracts/prices';
import {
  CINEMA_API_VERSION,
  CINEMA_GROUP,
  CINEMA_VERSION,
  DELETION_POLICY_FINALIZER,
  SCHEDULE_LABEL,
} from '../../crds/names.ts';

export const GROUP = CINEMA_GROUP;
export const VERSION = CINEMA_VERSION;
export const API_VERSION = CINEMA_API_VERSION;
export const FINALIZER = DELETION_POLICY_FINALIZER;
export { SCHEDULE_LABEL };

export const SHOWTIMES = { kind: 'Showtime', plural: 'showtimes' } as const;
export const SCHEDULES = { kind: 'ShowtimeSchedule', plural: 'showtimeschedules' } as const;
export type ResourceKind = typeof SHOWTIMES | typeof SCHEDULES;

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

/** metav1.Condition */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

export type DeletionPolicy = 'Block' | 'Cancel';

export interface ShowtimeSpec {
  movieId: string;
  theaterId: string;
  screenId: string;
  startsAt: string;
  priceTable: PriceTable;
  salesWindow?: { opensAt?: string; closesAt?: string };
  cancelled?: boolean;
  deletionPolicy?: DeletionPolicy;
}

export interface SeatCounts {
  total: number;
  available: number;
  held: number;
  sold: number;
}

export type ShowtimePhase = 'Scheduled' | 'Cancelled' | 'Deleting';

export interface ShowtimeStatus {
  observedGeneration?: number;
  showtimeId?: string;
  movieTitle?: string;
  screenName?: string;
  startsAt?: string;
  endsAt?: string;
  phase?: ShowtimePhase;
  seats?: SeatCounts;
  lastSyncedAt?: string;
  conditions?: Condition[];
}

export interface Showtime {
  apiVersion: string;
  kind: 'Showtime';
  metadata: ObjectMeta;
  spec: ShowtimeSpec;
  status?: ShowtimeStatus;
}

export const DAYS_OF_WEEK = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export interface ShowtimeScheduleSpec {
  movieId: string;
  theaterId: string;
  screenId: string;
  timesOfDay: string[];
  daysOfWeek: DayOfWeek[];
  from: string;
  until: string;
  timeZone: string;
  priceTable: PriceTable;
  salesOpenDaysBefore?: number;
  deletionPolicy?: DeletionPolicy;
}

export interface UnplacedShowtime {
  startsAt: string;
  reason: string;
  message: string;
}

export interface ShowtimeScheduleStatus {
  observedGeneration?: number;
  created?: number;
  next?: string;
  unplaced?: UnplacedShowtime[];
  conditions?: Condition[];
}

export interface ShowtimeSchedule {
  apiVersion: string;
  kind: 'ShowtimeSchedule';
  metadata: ObjectMeta;
  spec: ShowtimeScheduleSpec;
  status?: ShowtimeScheduleStatus;
}

export type Resource = Showtime | ShowtimeSchedule;

/** The work-queue key of an object. */
export const keyOf = (meta: { namespace?: string; name: string }) =>
  `${meta.namespace ?? ''}/${meta.name}`;

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
