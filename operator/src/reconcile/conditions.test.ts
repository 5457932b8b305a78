// Conditions keep their transition time unless their status changes; a status differs only when
// something other than the sync time or transition times differs.
import { describe, expect, it } from 'vitest';
import type { Condition } from '../kube/resources.ts';
import { mergeConditions, statusDiffers } from './conditions.ts';

const t0 = '2030-01-01T00:00:00.000Z';
const now = new Date('2030-01-02T00:00:00Z');
const ready = (status: Condition['status'], reason: string): Condition => ({
  type: 'Ready',
  status,
  reason,
  message: reason,
  lastTransitionTime: t0,
  observedGeneration: 1,
});

describe('mergeConditions', () => {
  it('keeps lastTransitionTime when the status stays, even if the reason changes', () => {
    const [merged] = mergeConditions(
      [ready('False', 'ScheduleConflict')],
      [
        {
          type: 'Ready',
          status: 'False',
          reason: 'LayoutNotFound',
          message: 'm',
          observedGeneration: 2,
        },
      ],
      now,
    );
    expect(merged).toMatchObject({
      reason: 'LayoutNotFound',
      lastTransitionTime: t0,
      observedGeneration: 2,
    });
  });

  it('moves lastTransitionTime to now when the status changes, and for a new condition', () => {
    const merged = mergeConditions(
      [ready('False', 'ShowtimesUnavailable')],
      [
        { type: 'Ready', status: 'True', reason: 'Provisioned', message: 'm' },
        { type: 'InventoryProvisioned', status: 'True', reason: 'Provisioned', message: 'm' },
      ],
      now,
    );
    expect(merged.map((c) => c.lastTransitionTime)).toEqual([now.toISOString(), now.toISOString()]);
  });

  it('keeps conditions it was not told about', () => {
    const other: Condition = { ...ready('True', 'X'), type: 'Other' };
    const merged = mergeConditions(
      [other],
      [{ type: 'Ready', status: 'True', reason: 'R', message: 'm' }],
      now,
    );
    expect(merged.map((c) => c.type)).toEqual(['Ready', 'Other']);
  });
});

describe('statusDiffers', () => {
  const base = {
    observedGeneration: 1,
    seats: { total: 10, available: 9, held: 0, sold: 1 },
    lastSyncedAt: t0,
    conditions: [ready('True', 'Provisioned')],
  };

  it('ignores the sync time, transition times and key order', () => {
    const next = {
      conditions: [{ ...ready('True', 'Provisioned'), lastTransitionTime: now.toISOString() }],
      lastSyncedAt: now.toISOString(),
      seats: { sold: 1, held: 0, available: 9, total: 10 },
      observedGeneration: 1,
    };
    expect(statusDiffers(base, next)).toBe(false);
  });

  it('sees a change of counts, generation, reason or message', () => {
    expect(statusDiffers(base, { ...base, seats: { ...base.seats, sold: 2 } })).toBe(true);
    expect(statusDiffers(base, { ...base, observedGeneration: 2 })).toBe(true);
    expect(statusDiffers(base, { ...base, conditions: [ready('True', 'Other')] })).toBe(true);
    expect(statusDiffers(undefined, base)).toBe(true);
  });
});
