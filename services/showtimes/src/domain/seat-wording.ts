// Wording shared by the hold rules: messages are shown to moviegoers as they are.

const conjunction = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });
const disjunction = new Intl.ListFormat('en', { style: 'long', type: 'disjunction' });

/** "C7, C8, and C9" */
export const allOf = (items: readonly string[]): string => conjunction.format(items);

/** "C6-C7 or C7-C8" */
export const anyOf = (items: readonly string[]): string => disjunction.format(items);

/** "Seat C7" or "Seats C7 and C8". */
export function seatsNamed(labels: readonly string[]): string {
  return `${labels.length === 1 ? 'Seat' : 'Seats'} ${allOf(labels)}`;
}

/** A run of neighbouring seats as a person reads it: "C6-C8", or "C6" for one seat. */
export function seatRange(labels: readonly string[]): string {
  const first = labels[0] ?? '';
  const last = labels[labels.length - 1] ?? first;
  return first === last ? first : `${first}-${last}`;
}

/** "is" or "are", to agree with a list of seats. */
export const isOrAre = (labels: readonly string[]): string => (labels.length === 1 ? 'is' : 'are');
