// Condition reasons and Event reasons: the words a platform engineer reads in `kubectl describe`.

export const REASONS = {
  Provisioned: 'Provisioned',
  Cancelled: 'Cancelled',
  ScheduleConflict: 'ScheduleConflict',
  LayoutNotFound: 'LayoutNotFound',
  MovieNotFound: 'MovieNotFound',
  ShowtimesUnavailable: 'ShowtimesUnavailable',
  InvalidSpec: 'InvalidSpec',
  ScreenChangeRefused: 'ScreenChangeRefused',
  BlockedBySales: 'BlockedBySales',
  Deleting: 'Deleting',
  Deleted: 'Deleted',
  /** Schedule: children exist but are not all Ready yet. */
  Provisioning: 'Provisioning',
  /** Schedule: some planned showtimes could not be placed (see status.unplaced). */
  ShowtimesUnplaced: 'ShowtimesUnplaced',
} as const;

export type Reason = (typeof REASONS)[keyof typeof REASONS];

/** Reasons that mean the showtime could not be placed as asked: the spec must change. */
export const PLACEMENT_FAILURES: ReadonlySet<string> = new Set([
  REASONS.ScheduleConflict,
  REASONS.LayoutNotFound,
  REASONS.MovieNotFound,
  REASONS.InvalidSpec,
  REASONS.ScreenChangeRefused,
]);

/** Reasons worth a Warning event rather than a Normal one. */
export const WARNING_REASONS: ReadonlySet<string> = new Set([
  ...PLACEMENT_FAILURES,
  REASONS.ShowtimesUnavailable,
  REASONS.BlockedBySales,
  REASONS.ShowtimesUnplaced,
]);
