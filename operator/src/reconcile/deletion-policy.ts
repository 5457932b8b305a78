// What deleting a Showtime does to its showtime, by deletion policy: a pure decision over what
// the showtimes service reports now.
import type { DeletionPolicy } from '../kube/resources.ts';
import type { ShowtimeView } from './showtimes-client.ts';

export type DeletionStep =
  /** Nothing left to do in the showtimes service: remove the finalizer. */
  | { action: 'release'; why: string }
  /** Cancel the showtime (holds end, booking refunds tickets), then remove the finalizer. */
  | { action: 'cancel'; why: string }
  /** Keep the finalizer: tickets are sold for a show that has not ended. */
  | { action: 'block'; sold: number };

export function decideDeletion(
  policy: DeletionPolicy | undefined,
  showtime: ShowtimeView | undefined,
  now: Date,
): DeletionStep {
  if (!showtime) return { action: 'release', why: 'the showtimes service has no such showtime' };
  if (showtime.status === 'cancelled') return { action: 'release', why: 'already cancelled' };
  // A show that is over is history: cancelling it would refund people who watched it.
  if (new Date(showtime.endsAt).getTime() <= now.getTime()) {
    return { action: 'release', why: 'the show is over' };
  }
  if ((policy ?? 'Block') === 'Cancel') return { action: 'cancel', why: 'deletionPolicy Cancel' };
  if (showtime.counts.sold > 0) return { action: 'block', sold: showtime.counts.sold };
  // Nothing sold: take it off sale so the resource and the schedule agree, and free the screen.
  return { action: 'cancel', why: 'no tickets sold' };
}
