// The ShowtimeSchedule reconciler: makes the schedule's children match its plan (creates the
// missing ones, updates upcoming ones whose spec drifted, deletes upcoming ones no longer planned,
// through their own deletion policy) and reports created, next and unplaced in its status.
// Deleting the schedule needs nothing here: owner references let the garbage collector take the
// children, each through its finalizer.
import type { Logger } from '@marquee/kit/logging';
import type { ReconcileOutcome, Reconciler } from '../controller/controller.ts';
import type { EventRecorder } from '../events.ts';
import { isConflict, type KubeApi } from '../kube/kube-api.ts';
import type { ObjectWrites } from '../kube/object-writes.ts';
import {
  API_VERSION,
  SHOWTIMES,
  splitKey,
  type Showtime,
  type ShowtimeSchedule,
  type ShowtimeSpec,
} from '../kube/resources.ts';
import { findCondition, statusDiffers } from './conditions.ts';
import { StaleObjectError } from './errors.ts';
import { REASONS, WARNING_REASONS } from './reasons.ts';
import { childMetadata, expandSchedule, type PlannedShowtime } from './schedule-expansion.ts';
import { buildScheduleStatus } from './schedule-status.ts';
import { READY } from './showtime-status.ts';

export interface ScheduleReconcilerDeps {
  read(namespace: string, name: string): ShowtimeSchedule | undefined;
  /** The Showtimes the schedule with this uid owns, from the cache. */
  childrenOf(namespace: string, uid: string): Showtime[];
  /** A Showtime by name, from the cache, whoever owns it. */
  showtime(namespace: string, name: string): Showtime | undefined;
  api: KubeApi;
  writes: ObjectWrites<ShowtimeSchedule>;
  events: EventRecorder;
  clock: () => Date;
  resyncMs: number;
  logger: Logger;
}

/** Fields of a child the schedule decides; others (cancelled) are the platform engineer's. */
const OWNED_FIELDS = [
  'movieId',
  'theaterId',
  'screenId',
  'startsAt',
  'priceTable',
  'salesWindow',
  'deletionPolicy',
] as const;

function ownedDiffers(actual: ShowtimeSpec, wanted: ShowtimeSpec): boolean {
  return OWNED_FIELDS.some(
    (field) => JSON.stringify(sorted(actual[field])) !== JSON.stringify(sorted(wanted[field])),
  );
}

function sorted(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
  );
}

const PARALLEL_WRITES = 8;

async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL_WRITES) {
    await Promise.all(items.slice(i, i + PARALLEL_WRITES).map(run));
  }
}

export function createScheduleReconciler(deps: ScheduleReconcilerDeps): Reconciler {
  const { api, clock } = deps;

  async function create(schedule: ShowtimeSchedule, planned: PlannedShowtime): Promise<void> {
    const { namespace } = schedule.metadata;
    try {
      await api.create(SHOWTIMES, namespace, {
        apiVersion: API_VERSION,
        kind: SHOWTIMES.kind,
        metadata: { name: planned.name, namespace, ...childMetadata(schedule) },
        spec: planned.spec,
      });
    } catch (err) {
      // Created by an earlier pass the cache has not shown yet; the next pass sees it.
      if (!isConflict(err)) throw err;
    }
  }

  async function reconcile(key: string): Promise<ReconcileOutcome> {
    const { namespace, name } = splitKey(key);
    const schedule = deps.read(namespace, name);
    if (!schedule || schedule.metadata.deletionTimestamp) return { result: 'success' };
    const now = clock();
    const { planned, problems } = expandSchedule(schedule, now);
    const children = deps.childrenOf(namespace, schedule.metadata.uid);
    const byName = new Map(children.map((c) => [c.metadata.name, c]));
    const plannedNames = new Set(planned.map((p) => p.name));

    const missing: PlannedShowtime[] = [];
    const drifted: PlannedShowtime[] = [];
    for (const plan of planned) {
      const child = byName.get(plan.name);
      if (!child) {
        const stranger = deps.showtime(namespace, plan.name);
        if (stranger) {
          problems.push({
            startsAt: plan.spec.startsAt,
            reason: REASONS.InvalidSpec,
            message: `A Showtime named ${plan.name} exists and does not belong to this schedule.`,
          });
        } else missing.push(plan);
      } else if (!child.metadata.deletionTimestamp && ownedDiffers(child.spec, plan.spec)) {
        drifted.push(plan);
      }
    }
    // Upcoming children the plan no longer has go through their own deletion policy; those that
    // have begun are history and stay.
    const unplanned = children.filter(
      (c) =>
        !plannedNames.has(c.metadata.name) &&
        !c.metadata.deletionTimestamp &&
        new Date(c.spec.startsAt) > now,
    );
    await inBatches(missing, (plan) => create(schedule, plan));
    await inBatches(drifted, async (plan) => {
      const spec = Object.fromEntries(OWNED_FIELDS.map((f) => [f, plan.spec[f] ?? null]));
      const { resourceVersion } = (byName.get(plan.name) as Showtime).metadata;
      try {
        // Conditional, like every update the operator makes: a child changed meanwhile is not
        // overwritten from a stale copy.
        await api.mergePatch(SHOWTIMES, namespace, plan.name, {
          metadata: { resourceVersion },
          spec,
        });
      } catch (err) {
        if (isConflict(err)) throw new StaleObjectError(`Showtime ${plan.name} changed meanwhile`);
        throw err;
      }
    });
    await inBatches(unplanned, (child) => api.delete(SHOWTIMES, namespace, child.metadata.name));

    const status = buildScheduleStatus(schedule.status, {
      generation: schedule.metadata.generation ?? 0,
      now,
      planned,
      problems,
      children: deps.childrenOf(namespace, schedule.metadata.uid),
    });
    if (statusDiffers(schedule.status, status)) {
      const written = await deps.writes.writeStatus(schedule, status);
      if (!written) return { result: 'success' };
      const was = findCondition(schedule.status?.conditions, READY);
      const ready = findCondition(status.conditions, READY);
      if (ready && (was?.reason !== ready.reason || was.status !== ready.status)) {
        const type = WARNING_REASONS.has(ready.reason) ? 'Warning' : 'Normal';
        await deps.events.record(written, type, ready.reason, ready.message);
      }
    }
    // Look again when the next showtime starts (status.next moves on), or after the period.
    const untilNext = status.next
      ? new Date(status.next).getTime() - now.getTime() + 1000
      : Infinity;
    return { result: 'requeue_after', afterMs: Math.max(1000, Math.min(deps.resyncMs, untilNext)) };
  }

  return {
    async reconcile(key) {
      try {
        return await reconcile(key);
      } catch (err) {
        if (err instanceof StaleObjectError) return { result: 'requeue' };
        throw err;
      }
    },
  };
}
