// A schedule's status from its plan and children: created, next, unplaced and Ready.
import { describe, expect, it } from 'vitest';
import type { Showtime } from '../kube/resources.ts';
import { schedule, showtime, showtimeSpec } from './fixtures.test-support.ts';
import { expandSchedule } from './schedule-expansion.ts';
import { buildScheduleStatus } from './schedule-status.ts';

const now = new Date('2030-03-05T12:00:00Z');
const plan = expandSchedule(schedule({ from: '2030-03-05', until: '2030-03-06' }), now);

function child(
  index: number,
  ready?: { status: 'True' | 'False'; reason: string; message?: string },
): Showtime {
  const planned = plan.planned[index]!;
  return showtime({
    metadata: { name: planned.name, namespace: 'default', uid: `u${index}`, resourceVersion: '1' },
    spec: showtimeSpec({ startsAt: planned.spec.startsAt }),
    status: ready
      ? {
          conditions: [
            {
              type: 'Ready',
              lastTransitionTime: now.toISOString(),
              message: ready.message ?? '',
              ...ready,
            },
          ],
        }
      : undefined,
  });
}

describe('buildScheduleStatus', () => {
  it('is Provisioning while children are missing or not Ready, and counts those that exist', () => {
    const status = buildScheduleStatus(undefined, {
      generation: 1,
      now,
      planned: plan.planned,
      problems: [],
      children: [child(0, { status: 'True', reason: 'Provisioned' })],
    });
    expect(status).toMatchObject({
      observedGeneration: 1,
      created: 1,
      unplaced: [],
      next: '2030-03-05T18:30:00Z',
    });
    expect(status.conditions?.[0]).toMatchObject({
      type: 'Ready',
      status: 'False',
      reason: 'Provisioning',
    });
  });

  it('is Ready when every planned child is Ready, with the earliest upcoming as next', () => {
    const children = plan.planned.map((_, i) =>
      child(i, { status: 'True', reason: 'Provisioned' }),
    );
    const status = buildScheduleStatus(undefined, {
      generation: 2,
      now,
      planned: plan.planned,
      problems: [],
      children,
    });
    expect(status.created).toBe(4);
    expect(status.next).toBe('2030-03-05T18:30:00Z');
    expect(status.conditions?.[0]).toMatchObject({
      status: 'True',
      reason: 'Provisioned',
      observedGeneration: 2,
    });
  });

  it('lists children that could not be placed, with their reason and message', () => {
    const children = [
      child(0, { status: 'True', reason: 'Provisioned' }),
      child(1, { status: 'False', reason: 'ScheduleConflict', message: 'overlaps Y' }),
      child(2, { status: 'True', reason: 'Provisioned' }),
      child(3, { status: 'False', reason: 'LayoutNotFound', message: 'no layout' }),
    ];
    const status = buildScheduleStatus(undefined, {
      generation: 1,
      now,
      planned: plan.planned,
      problems: [],
      children,
    });
    expect(status.unplaced).toEqual([
      { startsAt: '2030-03-05T21:15:00Z', reason: 'ScheduleConflict', message: 'overlaps Y' },
      { startsAt: '2030-03-06T21:15:00Z', reason: 'LayoutNotFound', message: 'no layout' },
    ]);
    expect(status.conditions?.[0]).toMatchObject({ status: 'False', reason: 'ShowtimesUnplaced' });
  });

  it('counts neither children being deleted nor cancelled ones as waiting', () => {
    const deleting = child(0, { status: 'True', reason: 'Provisioned' });
    deleting.metadata.deletionTimestamp = now.toISOString();
    const cancelled = child(1, { status: 'False', reason: 'Cancelled' });
    const rest = [2, 3].map((i) => child(i, { status: 'True', reason: 'Provisioned' }));
    const status = buildScheduleStatus(undefined, {
      generation: 1,
      now,
      planned: plan.planned.slice(1),
      problems: [],
      children: [deleting, cancelled, ...rest],
    });
    expect(status.created).toBe(3);
    expect(status.next).toBe('2030-03-06T18:30:00Z');
    expect(status.conditions?.[0]?.status).toBe('True');
  });
});
