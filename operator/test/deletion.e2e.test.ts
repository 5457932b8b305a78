// Cancelling and deleting Showtimes: spec.cancelled, deletion under Block (waits while tickets are
// sold for a show to come) and under Cancel (cancels, so booking refunds, then goes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conditionOf,
  startOperatorPlatform,
  type OperatorPlatform,
} from './operator.test-support.ts';

let platform: OperatorPlatform;

beforeAll(async () => {
  platform = await startOperatorPlatform('del');
  const operator = await platform.operator();
  await platform.waitFor('leadership', () => operator.isLeader());
});

afterAll(async () => {
  await platform?.close();
});

const eventsOf = (uid: string) =>
  platform.eventsOf(uid).map(({ reason, type }) => ({ reason, type }));

/** The events about `uid` once there are `count` of them (an event follows what it reports). */
const eventsWhen = (uid: string, count: number) =>
  platform.waitFor(`${count} events`, () => {
    const events = eventsOf(uid);
    return events.length >= count ? events : undefined;
  });

async function readyShowtime(name: string, policy?: 'Block' | 'Cancel') {
  const created = await platform.apply(
    name,
    platform.freshSpec(policy ? { deletionPolicy: policy } : {}),
  );
  await platform.waitFor(`${name} Ready`, () => platform.ready(name)?.status === 'True');
  return created.metadata.uid;
}

describe('cancelling a Showtime', () => {
  it('cancels it in the showtimes service when spec.cancelled is set', async () => {
    const uid = await readyShowtime('to-cancel');
    await platform.patchSpec('to-cancel', { cancelled: true });
    const cancelled = await platform.waitFor('Cancelled', () => {
      const s = platform.showtime('to-cancel');
      return s?.status?.phase === 'Cancelled' ? s : undefined;
    });
    expect(conditionOf(cancelled)).toMatchObject({ status: 'False', reason: 'Cancelled' });
    expect((await platform.call('GET', `/api/showtimes/${uid}`)).body.status).toBe('cancelled');
    expect((await eventsWhen(uid, 2)).map((e) => e.reason)).toEqual(['Provisioned', 'Cancelled']);
  });
});

describe('deleting a Showtime', () => {
  it('under Block, waits while a ticket is sold, then goes once it is returned', async () => {
    const uid = await readyShowtime('blocked', 'Block');
    const holdId = await platform.sellSeat(uid);
    await platform.remove('showtimes', 'blocked');
    const waiting = await platform.waitFor('BlockedBySales', () => {
      const s = platform.showtime('blocked');
      return conditionOf(s)?.reason === 'BlockedBySales' ? s : undefined;
    });
    expect(waiting.metadata.deletionTimestamp).toBeDefined();
    expect(waiting.status?.phase).toBe('Deleting');
    expect(conditionOf(waiting)?.message).toContain('1 ticket is sold');
    expect(waiting.status?.seats?.sold).toBe(1);
    expect((await platform.call('GET', `/api/showtimes/${uid}`)).body.status).toBe('scheduled');
    expect(await eventsWhen(uid, 2)).toEqual([
      { reason: 'Provisioned', type: 'Normal' },
      { reason: 'BlockedBySales', type: 'Warning' },
    ]);

    // Still waiting a few rechecks later: nothing changed.
    await new Promise((r) => setTimeout(r, 2500));
    expect(platform.showtime('blocked')).toBeDefined();
    expect(eventsOf(uid).filter((e) => e.reason === 'BlockedBySales')).toHaveLength(1);

    const returned = await platform.call('POST', `/api/holds/${holdId}/return`, {
      token: platform.tokens.service,
      body: { reason: 'refunded' },
    });
    expect(returned.status).toBe(200);
    await platform.waitFor('gone', () => platform.showtime('blocked') === undefined);
    // Nothing sold any more: it was taken off sale before the resource went.
    expect((await platform.call('GET', `/api/showtimes/${uid}`)).body.status).toBe('cancelled');
    expect((await eventsWhen(uid, 3)).at(-1)).toEqual({ reason: 'Deleted', type: 'Normal' });
  });

  it('under Block, goes at once when nothing is sold, taking the showtime off sale', async () => {
    const uid = await readyShowtime('unsold');
    await platform.remove('showtimes', 'unsold');
    await platform.waitFor('gone', () => platform.showtime('unsold') === undefined);
    expect((await platform.call('GET', `/api/showtimes/${uid}`)).body.status).toBe('cancelled');
  });

  it('under Cancel, cancels the showtime with its sold tickets, then goes', async () => {
    const uid = await readyShowtime('cancel-me', 'Cancel');
    await platform.sellSeat(uid);
    await platform.remove('showtimes', 'cancel-me');
    await platform.waitFor('gone', () => platform.showtime('cancel-me') === undefined);
    const row = (await platform.call('GET', `/api/showtimes/${uid}`)).body;
    expect(row.status).toBe('cancelled');
    expect(row.counts.sold).toBe(1);
    expect((await eventsWhen(uid, 2)).map((e) => e.reason)).toEqual(['Provisioned', 'Deleted']);
  });
});
