// What the operator lives through: watches dropped, history compacted (410 Gone and a re-list),
// streams that go silent, and the showtimes service going away and coming back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningOperator } from '../src/operator.ts';
import {
  conditionOf,
  startOperatorPlatform,
  type OperatorPlatform,
} from './operator.test-support.ts';

let platform: OperatorPlatform;
let operator: RunningOperator;

beforeAll(async () => {
  platform = await startOperatorPlatform('res');
  operator = await platform.operator();
  await platform.waitFor('leadership', () => operator.isLeader());
});

afterAll(async () => {
  await platform?.close();
});

async function watchRestarts(cause: string): Promise<number> {
  const metric = await operator.metrics.registry
    .getSingleMetric('marquee_operator_watch_restarts_total')
    ?.get();
  return (metric?.values ?? [])
    .filter((v) => v.labels.resource === 'showtimes' && v.labels.cause === cause)
    .reduce((sum, v) => sum + v.value, 0);
}

const showtimeRequests = (verb: string, since: number) =>
  platform.fake.requests.filter(
    (r) => r.verb === verb && r.resource === 'showtimes' && r.at >= since && !r.injected,
  );

describe('the operator', () => {
  it('resumes a dropped watch from where it was, without listing again', async () => {
    await platform.waitFor('watches open', () => platform.fake.openWatches >= 2);
    const since = Date.now();
    expect(platform.fake.dropWatches()).toBeGreaterThanOrEqual(2);
    await platform.apply('after-drop', platform.freshSpec());
    await platform.waitFor('Ready', () => platform.ready('after-drop')?.status === 'True');
    expect(showtimeRequests('list', since)).toHaveLength(0);
    const resumed = showtimeRequests('watch', since);
    expect(resumed.length).toBeGreaterThanOrEqual(1);
    expect(new URLSearchParams(resumed[0]!.query).get('resourceVersion')).toMatch(/^\d+$/);
  });

  it('lists again after 410 Gone and catches up with what it missed', async () => {
    await platform.apply('before-gap', platform.freshSpec());
    await platform.waitFor('Ready', () => platform.ready('before-gap')?.status === 'True');
    const goneBefore = await watchRestarts('gone');
    const since = Date.now();
    // Keep the operator from watching for a moment, change things meanwhile, then compact them away.
    platform.fake.failNext({
      method: 'GET',
      pathPattern: /\/v1alpha1\/showtimes$/,
      status: 500,
      times: 3,
    });
    platform.fake.dropWatches();
    await platform.apply('during-gap', platform.freshSpec());
    await platform.patchSpec('before-gap', {
      salesWindow: { opensAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    platform.fake.compact();

    await platform.waitFor(
      'missed create reconciled',
      () => platform.ready('during-gap')?.status === 'True',
    );
    await platform.waitFor('missed update reconciled', () => {
      const s = platform.showtime('before-gap');
      return s?.status?.observedGeneration === 2 && conditionOf(s)?.status === 'True';
    });
    expect(await watchRestarts('gone')).toBeGreaterThan(goneBefore);
    expect(showtimeRequests('list', since).length).toBeGreaterThanOrEqual(1);
  });

  it('restarts a watch that went silent', async () => {
    const stalledBefore = await watchRestarts('stalled');
    // WATCH_STALL_SECONDS is 3 in tests. The open streams stay silent for 30 s; a new watch is
    // served at once, so the Showtime is seen, and Ready, long before the stall would end.
    const stalledAt = Date.now();
    platform.fake.stallWatches(30_000);
    await platform.apply('after-stall', platform.freshSpec());
    await platform.waitFor('Ready', () => platform.ready('after-stall')?.status === 'True', 25_000);
    expect(Date.now() - stalledAt).toBeLessThan(30_000);
    expect(await watchRestarts('stalled')).toBeGreaterThan(stalledBefore);
  });

  it('reports ShowtimesUnavailable while the showtimes service is down, and Ready once it is back', async () => {
    await platform.apply('steady', platform.freshSpec());
    await platform.waitFor('Ready', () => platform.ready('steady')?.status === 'True');
    await platform.stopShowtimes();
    try {
      await platform.apply('while-down', platform.freshSpec());
      const down = await platform.waitFor('ShowtimesUnavailable', () => {
        const ready = platform.ready('while-down');
        return ready?.reason === 'ShowtimesUnavailable' ? ready : undefined;
      });
      expect(down.status).toBe('False');
      expect(conditionOf(platform.showtime('while-down'), 'InventoryProvisioned')?.status).toBe(
        'False',
      );
      // The one provisioned before keeps its inventory condition; only Ready says it cannot be checked.
      const steady = await platform.waitFor('steady unavailable', () => {
        const s = platform.showtime('steady');
        return conditionOf(s)?.reason === 'ShowtimesUnavailable' ? s : undefined;
      });
      expect(conditionOf(steady, 'InventoryProvisioned')?.status).toBe('True');
    } finally {
      await platform.startShowtimesAgain();
    }
    await platform.waitFor(
      'Ready again',
      () => ['while-down', 'steady'].every((name) => platform.ready(name)?.status === 'True'),
      30_000,
    );
    const uid = platform.showtime('while-down')!.metadata.uid;
    expect((await platform.call('GET', `/api/showtimes/${uid}`)).status).toBe(200);
  });
});
