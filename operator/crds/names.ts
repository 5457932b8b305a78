// The fixed names of the cinema.marquee.dev API: group, version, finalizer and labels that the
// CRDs, the operator and the samples must agree on.

export const CINEMA_GROUP = 'cinema.marquee.dev';
export const CINEMA_VERSION = 'v1alpha1';
export const CINEMA_API_VERSION = `${CINEMA_GROUP}/${CINEMA_VERSION}`;

/** Held on every Showtime so its deletion policy runs before the object goes. */
export const DELETION_POLICY_FINALIZER = `${CINEMA_GROUP}/deletion-policy`;

/** On every child Showtime of a ShowtimeSchedule; the value is the schedule's name. */
export const SCHEDULE_LABEL = `${CINEMA_GROUP}/schedule`;

/** Label values are at most 63 characters, so schedule names are too. */
export const MAX_SCHEDULE_NAME_LENGTH = 63;

export const COMMON_LABELS = {
  'app.kubernetes.io/name': 'marquee-operator',
  'app.kubernetes.io/part-of': 'marquee',
} as const;
