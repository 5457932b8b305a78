// ShowtimeSchedules: expanded into owned child Showtimes, reporting created, next and unplaced,
// following a change of plan, and collected with their children through each child's policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Showtime, ShowtimeScheduleSpec } from '../src/kube/resources.ts';
import { addDays, fromLocal } from '@marquee/kit/time';
import {
  conditionOf,
  NAMESPACE,
  PRICES,
  startOperatorPlatform,
  type OperatorPlatform,
} from './operator.test-support.ts';

let platform: OperatorPlatform;

beforeAll(async () => {
  platform = await startOperatorPlatform('sched');
  const operator = await platform.operator();
  await platform.waitFor('leadership', () => operator.isLeader());
});

afterAll(async () => {
  await platform?.close();
});

const today = () => new Date().toISOString().slice(0, 10);
const rfc3339 = (d: Date) => d.toISOString().replace('.000Z', 'Z');

const childrenOf = (schedule: string) =>
  (platform.fake.objects('showtimes', NAMESPACE) as unknown as Showtime[])
    .filter((s) => s.metadata.labels?.['cinema.marquee.dev/schedule'] === schedule)
    .sort((a, b) => a.spec.startsAt.localeCompare(b.spec.startsAt));

function scheduleSpec(screenIndex: number, fromDays: number, days: number): ShowtimeScheduleSpec {
  const screen = platform.screens[screenIndex]!;
  const from = addDays(today(), fromDays);
  return {
    movieId: platform.movieId,
    theaterId: screen.theaterId,
    screenId: screen.screenId,
    timesOfDay: ['18:00', '12:00'],
    daysOfWeek: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    from,
    until: addDays(from, days - 1),
    timeZone: screen.timeZone,
    priceTable: PRICES,
  };
}

describe('a ShowtimeSchedule', () => {
  it('creates owned showtimes, reports the one it could not place, and places it once the slot frees', async () => {
    const spec = { ...scheduleSpec(0, 60, 4), salesOpenDaysBefore: 30 };
    // Another showtime already holds the second day's noon show of the plan.
    const secondDay = addDays(spec.from, 1);
    const takenSlot = rfc3339(fromLocal(secondDay, '12:00', spec.timeZone));
    await platform.apply('blocker', { ...spec, startsAt: takenSlot, priceTable: PRICES } as never);
    await platform.waitFor('blocker Ready', () => platform.ready('blocker')?.status === 'True');

    const owner = await platform.applySchedule('spring', spec);
    const status = await platform.waitFor('schedule status', () => {
      const s = platform.schedule('spring');
      return s?.status?.created === 8 && conditionOf(s)?.reason === 'ShowtimesUnplaced'
        ? s.status
        : undefined;
    });
    const children = childrenOf('spring');
    expect(children.map((c) => c.metadata.name)).toEqual(
      [0, 1, 2, 3].flatMap((d) => {
        const date = addDays(spec.from, d).replaceAll('-', '');
        return [`spring-${date}-1200`, `spring-${date}-1800`];
      }),
    );
    for (const child of children) {
      expect(child.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'cinema.marquee.dev/v1alpha1',
          kind: 'ShowtimeSchedule',
          name: 'spring',
          uid: owner.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(child.spec).toMatchObject({ screenId: spec.screenId, deletionPolicy: 'Block' });
      const opens = new Date(child.spec.startsAt).getTime() - 30 * 86_400_000;
      expect(child.spec.salesWindow?.opensAt).toBe(rfc3339(new Date(opens)));
    }
    expect(children[2]?.spec.startsAt).toBe(takenSlot);
    expect(status.next).toBe(children[0]?.spec.startsAt);
    expect(status.observedGeneration).toBe(1);
    expect(status.unplaced).toEqual([
      {
        startsAt: takenSlot,
        reason: 'ScheduleConflict',
        message: expect.stringMatching(/overlap/),
      },
    ]);

    await platform.remove('showtimes', 'blocker');
    const placed = await platform.waitFor('schedule Ready', () => {
      const s = platform.schedule('spring');
      return conditionOf(s)?.status === 'True' ? s?.status : undefined;
    });
    expect(placed.unplaced).toEqual([]);
    expect(childrenOf('spring').every((c) => conditionOf(c)?.status === 'True')).toBe(true);
  });

  it('follows a change of plan: children no longer planned go, new ones come', async () => {
    const spec = scheduleSpec(1, 70, 3);
    await platform.applySchedule('summer', spec);
    await platform.waitFor(
      '6 children Ready',
      () => conditionOf(platform.schedule('summer'))?.status === 'True',
    );
    expect(childrenOf('summer')).toHaveLength(6);

    await platform.patchSchedule('summer', { timesOfDay: ['15:00'] });
    const after = await platform.waitFor('new plan', () => {
      const s = platform.schedule('summer');
      return s?.status?.observedGeneration === 2 &&
        conditionOf(s)?.status === 'True' &&
        childrenOf('summer').length === 3
        ? childrenOf('summer')
        : undefined;
    });
    expect(after.map((c) => c.metadata.name.slice(-4))).toEqual(['1500', '1500', '1500']);

    // A new price table reaches every upcoming child, and through them the showtimes service.
    const dearer = {
      ...PRICES,
      prices: { ...PRICES.prices, premium: { adult: 1500, child: 1200, senior: 1300 } },
    };
    await platform.patchSchedule('summer', { priceTable: dearer });
    const repriced = await platform.waitFor('children repriced', () => {
      const children = childrenOf('summer');
      return (
        children.every(
          (c) =>
            c.spec.priceTable.prices.premium.adult === 1500 && c.status?.observedGeneration === 2,
        ) && children
      );
    });
    const row = await platform.call('GET', `/api/showtimes/${repriced[0]!.metadata.uid}`);
    expect(row.body.priceTable.prices.premium.adult).toBe(1500);
  });

  it('is deleted with its children, each through its own deletion policy', async () => {
    const spec = scheduleSpec(2, 80, 2);
    await platform.applySchedule('autumn', spec);
    await platform.waitFor(
      'Ready',
      () => conditionOf(platform.schedule('autumn'))?.status === 'True',
    );
    const [sold, ...others] = childrenOf('autumn');
    await platform.sellSeat(sold!.metadata.uid);

    await platform.remove('showtimeschedules', 'autumn');
    await platform.waitFor('schedule gone', () => platform.schedule('autumn') === undefined);
    // The unsold children go; the one with a sold ticket waits under Block.
    await platform.waitFor('unsold children gone', () =>
      others.every((c) => platform.showtime(c.metadata.name) === undefined),
    );
    const waiting = await platform.waitFor('BlockedBySales', () => {
      const s = platform.showtime(sold!.metadata.name);
      return conditionOf(s)?.reason === 'BlockedBySales' ? s : undefined;
    });
    expect(waiting.metadata.deletionTimestamp).toBeDefined();
    for (const child of others) {
      const row = await platform.call('GET', `/api/showtimes/${child.metadata.uid}`);
      expect(row.body.status).toBe('cancelled');
    }
  });
});
