// Conditions in the metav1.Condition shape, and the comparison that decides whether a status is
// worth writing: a transition time moves only when a condition's status does, and the time the
// counts were read is not a change by itself (otherwise every refresh would be a write).
import type { Condition } from '../kube/resources.ts';

export type ConditionInput = Omit<Condition, 'lastTransitionTime'>;

/**
 * `wanted` merged into `previous`: a condition whose status did not change keeps its
 * lastTransitionTime; others take `now`. Conditions not named in `wanted` stay as they were.
 */
export function mergeConditions(
  previous: readonly Condition[] | undefined,
  wanted: readonly ConditionInput[],
  now: Date,
): Condition[] {
  const result: Condition[] = [];
  const byType = new Map((previous ?? []).map((c) => [c.type, c]));
  for (const condition of wanted) {
    const before = byType.get(condition.type);
    byType.delete(condition.type);
    const lastTransitionTime =
      before && before.status === condition.status ? before.lastTransitionTime : now.toISOString();
    result.push({ ...condition, lastTransitionTime });
  }
  return [...result, ...byType.values()];
}

export const findCondition = (conditions: readonly Condition[] | undefined, type: string) =>
  conditions?.find((c) => c.type === type);

/** Sorted keys all the way down, so two equal objects compare equal whatever their key order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const ignoredFields = new Set(['lastSyncedAt']);

function comparable(status: object | undefined): unknown {
  if (!status) return {};
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(status)) {
    if (ignoredFields.has(k)) continue;
    copy[k] =
      k === 'conditions' && Array.isArray(v)
        ? [...(v as Condition[])]
            .map(({ lastTransitionTime: _t, ...rest }) => rest)
            .sort((a, b) => a.type.localeCompare(b.type))
        : v;
  }
  return canonical(copy);
}

/** Whether writing `next` over `current` would change anything a reader cares about. */
export function statusDiffers(current: object | undefined, next: object): boolean {
  return JSON.stringify(comparable(current)) !== JSON.stringify(comparable(next));
}
