// The Showtime reconciler: level-based and idempotent. Each pass makes the showtimes service
// match the spec (upsert, or cancel), reads the seat counts back, writes the status only when it
// changed, and notes transitions as Events; deletion runs the deletion policy behind a finalizer.
import type { Logger } from '@marquee/kit/logging';
import type { ReconcileOutcome, Reconciler } from '../controller/controller.ts';
import type { EventRecorder } from '../events.ts';
import { hasFinalizer, type ObjectWrites } from '../kube/object-writes.ts';
import { keyOf, splitKey, type Showtime, type ShowtimeStatus } from '../kube/resources.ts';
import { findCondition, statusDiffers } from './conditions.ts';
import { decideDeletion } from './deletion-policy.ts';
import { PermanentError, StaleObjectError, TemporaryError } from './errors.ts';
import { REASONS, WARNING_REASONS } from './reasons.ts';
import { buildShowtimeRequest } from './showtime-request.ts';
import { buildShowtimeStatus, READY, type ShowtimeObservation } from './showtime-status.ts';
import type { ShowtimesClient, ShowtimeView } from './showtimes-client.ts';

export interface ShowtimeReconcilerDeps {
  /** The freshest copy of a Showtime the operator knows (informer cache, or its own write). */
  read(namespace: string, name: string): Showtime | undefined;
  writes: ObjectWrites<Showtime>;
  service: ShowtimesClient;
  events: EventRecorder;
  clock: () => Date;
  resyncMs: number;
  blockedRecheckMs: number;
  logger: Logger;
  /** A showtime left its slot on a screen: others refused for overlapping may fit now. */
  onSlotFreed?(screenId: string, exceptKey: string): void;
}

const failedWith = (err: TemporaryError | PermanentError): ShowtimeObservation => ({
  outcome: 'failed',
  reason: err.reason,
  message: err.message,
  temporary: err instanceof TemporaryError,
});

export function createShowtimeReconciler(deps: ShowtimeReconcilerDeps): Reconciler {
  const { writes, service, events, clock } = deps;

  /** Writes the status when it changed, then notes a change of the Ready reason as an Event. */
  async function settle(
    object: Showtime,
    observation: ShowtimeObservation,
  ): Promise<Showtime | undefined> {
    const current = object.status;
    const next = buildShowtimeStatus(current, {
      generation: object.metadata.generation ?? 0,
      deleting: Boolean(object.metadata.deletionTimestamp),
      now: clock(),
      observation,
    });
    if (!statusDiffers(current, next)) return object;
    const written = await writes.writeStatus(object, next);
    if (written) await noteTransition(written, current, next);
    if (written && slotMoved(current, next))
      deps.onSlotFreed?.(object.spec.screenId, keyOf(object.metadata));
    return written;
  }

  async function noteTransition(
    object: Showtime,
    before: ShowtimeStatus | undefined,
    after: ShowtimeStatus,
  ) {
    const was = findCondition(before?.conditions, READY);
    const now = findCondition(after.conditions, READY);
    if (!now || (was?.reason === now.reason && was.status === now.status)) return;
    await events.record(
      object,
      WARNING_REASONS.has(now.reason) ? 'Warning' : 'Normal',
      now.reason,
      now.message,
    );
  }

  /** What the pass observed, as an outcome for the queue. */
  function outcomeOf(observation: ShowtimeObservation, error?: TemporaryError): ReconcileOutcome {
    if (error) return { result: 'error', error, afterMs: error.delayMs };
    if (observation.outcome === 'blocked')
      return { result: 'requeue_after', afterMs: deps.blockedRecheckMs };
    // Provisioned, cancelled, or refused for good: look again after the period (fresh counts;
    // a refusal may lift when another showtime moves or sold seats are returned).
    return { result: 'requeue_after', afterMs: deps.resyncMs };
  }

  async function apply(
    object: Showtime,
  ): Promise<{ observation: ShowtimeObservation; error?: TemporaryError }> {
    const id = object.metadata.uid;
    try {
      if (object.spec.cancelled) {
        const view = await service.cancel(id);
        return { observation: { outcome: 'cancelled', showtime: view } };
      }
      const view = await service.upsert(id, buildShowtimeRequest(object.spec));
      // Cancelled in the showtimes service by an admin: the resource reports it as it is.
      if (view.status === 'cancelled')
        return { observation: { outcome: 'cancelled', showtime: view } };
      return { observation: { outcome: 'provisioned', showtime: view } };
    } catch (err) {
      if (err instanceof TemporaryError) return { observation: failedWith(err), error: err };
      if (err instanceof PermanentError) return { observation: failedWith(err) };
      throw err;
    }
  }

  async function finalize(object: Showtime): Promise<ReconcileOutcome> {
    if (!hasFinalizer(object)) return { result: 'success' };
    const id = object.metadata.uid;
    let view: ShowtimeView | undefined;
    try {
      view = await service.get(id);
      const step = decideDeletion(object.spec.deletionPolicy, view, clock());
      if (step.action === 'block') {
        const observation: ShowtimeObservation = {
          outcome: 'blocked',
          showtime: view as ShowtimeView,
        };
        await settle(object, observation);
        return outcomeOf(observation);
      }
      let message = `The showtime is released: ${step.why}.`;
      if (step.action === 'cancel') {
        await service.cancel(id);
        message = `The showtime is cancelled in the showtimes service (${step.why}); booking refunds any tickets.`;
      }
      await writes.removeFinalizer(object);
      await events.record(object, 'Normal', REASONS.Deleted, message);
      if (view && view.status !== 'cancelled')
        deps.onSlotFreed?.(object.spec.screenId, keyOf(object.metadata));
      return { result: 'success' };
    } catch (err) {
      if (err instanceof TemporaryError) {
        await settle(object, failedWith(err));
        return outcomeOf(failedWith(err), err);
      }
      throw err;
    }
  }

  async function reconcile(key: string): Promise<ReconcileOutcome> {
    const { namespace, name } = splitKey(key);
    let object = deps.read(namespace, name);
    // NotFound is done: nothing of ours outlives the object but the showtime, which the
    // finalizer has already dealt with.
    if (!object) return { result: 'success' };
    if (object.metadata.deletionTimestamp) return finalize(object);
    if (!hasFinalizer(object)) {
      // Before anything exists in the showtimes service, so deletion can never skip the policy.
      object = await writes.addFinalizer(object);
      if (!object) return { result: 'success' };
    }
    const { observation, error } = await apply(object);
    const settled = await settle(object, observation);
    if (!settled) return { result: 'success' };
    return outcomeOf(observation, error);
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

/** Whether the showtime stopped occupying the slot it had (moved, or cancelled). */
function slotMoved(before: ShowtimeStatus | undefined, after: ShowtimeStatus): boolean {
  if (!before?.startsAt) return false;
  return (
    before.startsAt !== after.startsAt ||
    before.endsAt !== after.endsAt ||
    before.screenName !== after.screenName ||
    (before.phase !== 'Cancelled' && after.phase === 'Cancelled')
  );
}
