// Which watch events are worth a reconcile, and which schedule a Showtime belongs to.
import { FINALIZER, SCHEDULES, type Resource, type Showtime } from '../kube/resources.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/**
 * Whether an update asks for a reconcile: a new generation (spec), a deletion, a change of labels
 * or annotations, or our finalizer taken away. Not a status-only change, which is ours: reacting
 * to our own writes would double every reconcile. The periodic requeue covers the rest.
 */
export function needsReconcile(previous: Resource, object: Resource): boolean {
  const before = previous.metadata;
  const after = object.metadata;
  return (
    before.generation !== after.generation ||
    before.deletionTimestamp !== after.deletionTimestamp ||
    !same(before.labels, after.labels) ||
    !same(before.annotations, after.annotations) ||
    (Boolean(before.finalizers?.includes(FINALIZER)) && !after.finalizers?.includes(FINALIZER))
  );
}

/** The queue key of the ShowtimeSchedule that controls `showtime`, if one does. */
export function ownerKeyOf(showtime: Showtime): string | undefined {
  const owner = showtime.metadata.ownerReferences?.find(
    (ref) => ref.kind === SCHEDULES.kind && ref.controller === true,
  );
  return owner ? `${showtime.metadata.namespace}/${owner.name}` : undefined;
}

/** Whether `showtime` is a child of the schedule with `uid`. */
export const isOwnedBy = (showtime: Showtime, uid: string) =>
  showtime.metadata.ownerReferences?.some((ref) => ref.uid === uid && ref.controller === true) ??
  false;
