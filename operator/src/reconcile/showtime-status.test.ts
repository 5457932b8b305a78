// A Showtime's status from what a reconcile observed: conditions, phase, counts and generations.
import { describe, expect, it } from 'vitest';
import type { ShowtimeStatus } from '../kube/resources.ts';
import { statusDiffers } from './conditions.ts';
import { ids, view } from './fixtures.test-support.ts';
import { REASONS } from './reasons.ts';
import { buildShowtimeStatus, INVENTORY, READY } from './showtime-status.ts';

const now = new Date('2030-03-01T10:00:00Z');
const later = new Date('2030-03-01T10:05:00Z');
const condition = (status: ShowtimeStatus, type: string) =>
  status.conditions?.find((c) => c.type === type);

describe('buildShowtimeStatus', () => {
  it('reports a provisioned showtime as Ready with its seat counts', () => {
    const status = buildShowtimeStatus(undefined, {
      generation: 3,
      deleting: false,
      now,
      observation: { outcome: 'provisioned', showtime: view() },
    });
    expect(status).toMatchObject({
      observedGeneration: 3,
      showtimeId: ids.uid,
      movieTitle: 'Paper Comets',
      screenName: ids.screen,
      startsAt: '2030-03-05T19:30:00.000Z',
      endsAt: '2030-03-05T21:40:00.000Z',
      phase: 'Scheduled',
      seats: { total: 120, available: 100, held: 4, sold: 16 },
      lastSyncedAt: now.toISOString(),
    });
    expect(condition(status, READY)).toMatchObject({
      status: 'True',
      reason: REASONS.Provisioned,
      observedGeneration: 3,
      lastTransitionTime: now.toISOString(),
    });
    expect(condition(status, INVENTORY)?.status).toBe('True');
  });

  it('is unchanged when the same observation comes again later: nothing to write', () => {
    const observed = {
      generation: 3,
      deleting: false,
      observation: { outcome: 'provisioned' as const, showtime: view() },
    };
    const first = buildShowtimeStatus(undefined, { ...observed, now });
    const second = buildShowtimeStatus(first, { ...observed, now: later });
    expect(statusDiffers(first, second)).toBe(false);
    expect(condition(second, READY)?.lastTransitionTime).toBe(now.toISOString());
  });

  it('differs when the counts change', () => {
    const first = buildShowtimeStatus(undefined, {
      generation: 1,
      deleting: false,
      now,
      observation: { outcome: 'provisioned', showtime: view() },
    });
    const sold = view({ counts: { total: 120, available: 99, held: 4, sold: 17, blocked: 0 } });
    const second = buildShowtimeStatus(first, {
      generation: 1,
      deleting: false,
      now: later,
      observation: { outcome: 'provisioned', showtime: sold },
    });
    expect(statusDiffers(first, second)).toBe(true);
    expect(second.seats?.sold).toBe(17);
  });

  it('says why a permanent failure stopped it, and keeps the counts it had', () => {
    const provisioned = buildShowtimeStatus(undefined, {
      generation: 1,
      deleting: false,
      now,
      observation: { outcome: 'provisioned', showtime: view() },
    });
    const refused = buildShowtimeStatus(provisioned, {
      generation: 2,
      deleting: false,
      now: later,
      observation: {
        outcome: 'failed',
        reason: REASONS.ScreenChangeRefused,
        message: 'sold seats',
        temporary: false,
      },
    });
    expect(refused.observedGeneration).toBe(2);
    expect(refused.seats?.sold).toBe(16);
    expect(condition(refused, READY)).toMatchObject({
      status: 'False',
      reason: 'ScreenChangeRefused',
      message: 'sold seats',
      lastTransitionTime: later.toISOString(),
    });
    expect(condition(refused, INVENTORY)).toMatchObject({
      status: 'False',
      reason: 'ScreenChangeRefused',
    });
  });

  it('keeps the inventory of this generation provisioned while the service is out of reach', () => {
    const provisioned = buildShowtimeStatus(undefined, {
      generation: 1,
      deleting: false,
      now,
      observation: { outcome: 'provisioned', showtime: view() },
    });
    const down = buildShowtimeStatus(provisioned, {
      generation: 1,
      deleting: false,
      now: later,
      observation: {
        outcome: 'failed',
        reason: REASONS.ShowtimesUnavailable,
        message: 'down',
        temporary: true,
      },
    });
    expect(condition(down, READY)).toMatchObject({
      status: 'False',
      reason: 'ShowtimesUnavailable',
    });
    expect(condition(down, INVENTORY)).toMatchObject({ status: 'True', reason: 'Provisioned' });
    // A new generation that never reached the service is not provisioned.
    const newSpec = buildShowtimeStatus(provisioned, {
      generation: 2,
      deleting: false,
      now: later,
      observation: {
        outcome: 'failed',
        reason: REASONS.ShowtimesUnavailable,
        message: 'down',
        temporary: true,
      },
    });
    expect(condition(newSpec, INVENTORY)).toMatchObject({
      status: 'False',
      reason: 'ShowtimesUnavailable',
    });
  });

  it('reports a cancelled showtime, with or without inventory', () => {
    const cancelled = buildShowtimeStatus(undefined, {
      generation: 2,
      deleting: false,
      now,
      observation: { outcome: 'cancelled', showtime: view({ status: 'cancelled' }) },
    });
    expect(cancelled.phase).toBe('Cancelled');
    expect(condition(cancelled, READY)).toMatchObject({ status: 'False', reason: 'Cancelled' });
    const never = buildShowtimeStatus(undefined, {
      generation: 1,
      deleting: false,
      now,
      observation: { outcome: 'cancelled' },
    });
    expect(never.phase).toBe('Cancelled');
    expect(never.seats).toBeUndefined();
  });

  it('reports a deletion blocked by sales, naming how many tickets', () => {
    const provisioned = buildShowtimeStatus(undefined, {
      generation: 1,
      deleting: false,
      now,
      observation: { outcome: 'provisioned', showtime: view() },
    });
    const blocked = buildShowtimeStatus(provisioned, {
      generation: 1,
      deleting: true,
      now: later,
      observation: { outcome: 'blocked', showtime: view() },
    });
    expect(blocked.phase).toBe('Deleting');
    expect(condition(blocked, READY)).toMatchObject({ status: 'False', reason: 'BlockedBySales' });
    expect(condition(blocked, READY)?.message).toContain('16 tickets are sold');
    expect(condition(blocked, INVENTORY)?.status).toBe('True');
  });
});
