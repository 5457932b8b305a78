// A Showtime's life with the operator against the fake API server and the real showtimes
// service: created and Ready with counts, updated (generation), refused for an overlap and
// recovered, a 409 on a status write retried, and no writes at all while nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningOperator } from '../src/operator.ts';
import {
  conditionOf,
  sleep,
  startOperatorPlatform,
  type OperatorPlatform,
} from './operator.test-support.ts';

let platform: OperatorPlatform;
let operator: RunningOperator;

beforeAll(async () => {
  platform = await startOperatorPlatform('life');
  operator = await platform.operator();
  await platform.waitFor('leadership', () => operator.isLeader());
});

afterAll(async () => {
  await platform?.close();
});

describe('a Showtime with the operator', () => {
  it('becomes Ready with seat counts, and the showtime exists in the showtimes service', async () => {
    const spec = platform.freshSpec();
    const created = await platform.apply('paper-comets', spec);
    const ready = await platform.waitFor('Ready', () =>
      platform.ready('paper-comets')?.status === 'True'
        ? platform.showtime('paper-comets')
        : undefined,
    );
    const uid = created.metadata.uid;
    expect(ready.metadata.finalizers).toContain('cinema.marquee.dev/deletion-policy');
    expect(ready.status).toMatchObject({
      observedGeneration: 1,
      showtimeId: uid,
      phase: 'Scheduled',
      screenName: spec.screenId,
    });
    expect(ready.status?.seats?.total).toBeGreaterThan(0);
    expect(ready.status?.seats?.available).toBe(ready.status?.seats?.total);
    expect(conditionOf(ready, 'InventoryProvisioned')).toMatchObject({
      status: 'True',
      reason: 'Provisioned',
    });

    const row = await platform.call('GET', `/api/showtimes/${uid}`);
    expect(row.status).toBe(200);
    expect(row.body).toMatchObject({ id: uid, screenId: spec.screenId, status: 'scheduled' });
    expect(new Date(row.body.startsAt).toISOString()).toBe(new Date(spec.startsAt).toISOString());
    expect(ready.status?.movieTitle).toBe(row.body.movieTitle);

    const events = await platform.waitFor('an event', () => {
      const seen = platform.eventsOf(uid);
      return seen.length > 0 ? seen : undefined;
    });
    expect(events.map((e) => [e.type, e.reason])).toEqual([['Normal', 'Provisioned']]);
  });

  it('upserts a new price and a new start, and reports the generation it saw', async () => {
    const spec = platform.freshSpec();
    const created = await platform.apply('new-prices', spec);
    await platform.waitFor('Ready', () => platform.ready('new-prices')?.status === 'True');
    const later = new Date(new Date(spec.startsAt).getTime() + 3_600_000)
      .toISOString()
      .replace('.000Z', 'Z');
    const prices = {
      ...spec.priceTable,
      prices: { ...spec.priceTable.prices, standard: { adult: 1100, child: 800, senior: 900 } },
    };
    const patched = await platform.patchSpec('new-prices', { startsAt: later, priceTable: prices });
    expect(patched.metadata.generation).toBe(2);
    const updated = await platform.waitFor('generation 2 observed', () => {
      const s = platform.showtime('new-prices');
      return s?.status?.observedGeneration === 2 && conditionOf(s)?.status === 'True'
        ? s
        : undefined;
    });
    expect(conditionOf(updated)?.observedGeneration).toBe(2);
    expect(new Date(updated.status?.startsAt ?? '').toISOString()).toBe(
      new Date(later).toISOString(),
    );
    const row = await platform.call('GET', `/api/showtimes/${created.metadata.uid}`);
    expect(row.body.priceTable.prices.standard.adult).toBe(1100);
    expect(new Date(row.body.startsAt).toISOString()).toBe(new Date(later).toISOString());
  });

  it('refuses an overlapping showtime with ScheduleConflict, and places it once the first moves', async () => {
    const spec = platform.freshSpec();
    await platform.apply('first-show', spec);
    await platform.waitFor('first Ready', () => platform.ready('first-show')?.status === 'True');
    const overlapping = {
      ...spec,
      startsAt: new Date(new Date(spec.startsAt).getTime() + 30 * 60_000).toISOString(),
    };
    const second = await platform.apply('second-show', overlapping);
    const refused = await platform.waitFor('ScheduleConflict', () => {
      const ready = platform.ready('second-show');
      return ready?.reason === 'ScheduleConflict' ? ready : undefined;
    });
    expect(refused.status).toBe('False');
    expect(refused.message).toMatch(/overlap/);
    const warning = await platform.waitFor(
      'a Warning',
      () => platform.eventsOf(second.metadata.uid)[0],
    );
    expect([warning.type, warning.reason]).toEqual(['Warning', 'ScheduleConflict']);

    // The first moves a day later: the second fits now and is placed without anyone touching it.
    const dayLater = new Date(new Date(spec.startsAt).getTime() + 86_400_000)
      .toISOString()
      .replace('.000Z', 'Z');
    await platform.patchSpec('first-show', { startsAt: dayLater });
    await platform.waitFor('second Ready', () => platform.ready('second-show')?.status === 'True');
    // The event follows the status write it reports.
    const reasons = await platform.waitFor('Provisioned event', () => {
      const seen = platform.eventsOf(second.metadata.uid).map((e) => e.reason);
      return seen.length === 2 ? seen : undefined;
    });
    expect(reasons).toEqual(['ScheduleConflict', 'Provisioned']);
  });

  it('retries a status write refused with 409 and gets there', async () => {
    platform.fake.failNext({
      method: 'PUT',
      pathPattern: /\/showtimes\/conflicted\/status$/,
      status: 409,
      times: 2,
    });
    await platform.apply('conflicted', platform.freshSpec());
    await platform.waitFor(
      'Ready after 409s',
      () => platform.ready('conflicted')?.status === 'True',
    );
    const statusWrites = platform.fake.requests.filter(
      (r) => r.method === 'PUT' && r.path.endsWith('/showtimes/conflicted/status'),
    );
    expect(statusWrites.filter((r) => r.status === 409)).toHaveLength(2);
    expect(statusWrites.at(-1)?.status).toBe(200);
  });

  it('writes nothing to the API while nothing changes, across several refresh periods', async () => {
    await platform.apply('quiet', platform.freshSpec());
    await platform.waitFor('Ready', () => platform.ready('quiet')?.status === 'True');
    await sleep(1000);
    const since = Date.now();
    const reconcilesBefore = await reconcileCount(operator);
    await sleep(5000);
    expect(platform.writesSince(since)).toEqual({});
    // The refresh did run (RESYNC_SECONDS=2): it looked, found nothing new, and wrote nothing.
    expect(await reconcileCount(operator)).toBeGreaterThan(reconcilesBefore);
  });

  it('refreshes the seat counts when seats are sold outside the operator', async () => {
    const created = await platform.apply('selling', platform.freshSpec());
    await platform.waitFor('Ready', () => platform.ready('selling')?.status === 'True');
    await platform.sellSeat(created.metadata.uid);
    const sold = await platform.waitFor('sold count', () => {
      const seats = platform.showtime('selling')?.status?.seats;
      return seats?.sold === 1 ? seats : undefined;
    });
    expect(sold.available).toBe((sold.total ?? 0) - 1);
  });
});

async function reconcileCount(running: RunningOperator): Promise<number> {
  const metric = await running.metrics.registry
    .getSingleMetric('controller_runtime_reconcile_total')
    ?.get();
  return (metric?.values ?? [])
    .filter((v) => v.labels.controller === 'showtime')
    .reduce((sum, v) => sum + v.value, 0);
}
