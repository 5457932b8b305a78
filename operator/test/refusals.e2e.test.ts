// Specs the showtimes service cannot honour are permanent failures: the condition and a Warning
// event say why, nothing is retried in a loop, and a corrected spec recovers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conditionOf,
  sleep,
  startOperatorPlatform,
  type OperatorPlatform,
} from './operator.test-support.ts';

let platform: OperatorPlatform;

beforeAll(async () => {
  platform = await startOperatorPlatform('refuse');
  const operator = await platform.operator();
  await platform.waitFor('leadership', () => operator.isLeader());
});

afterAll(async () => {
  await platform?.close();
});

const reasonOf = (name: string, reason: string) =>
  platform.waitFor(reason, () => {
    const ready = platform.ready(name);
    return ready?.reason === reason ? ready : undefined;
  });

describe('refused specs', () => {
  it('names what the catalog lacks or what is invalid, and does not write again and again', async () => {
    const unknownMovie = await platform.apply(
      'unknown-movie',
      platform.freshSpec({ movieId: '00000000-0000-4000-8000-000000000001' }),
    );
    const otherTheater = platform.screens.find(
      (s) => s.theaterId !== platform.screens[0]!.theaterId,
    )!;
    await platform.apply(
      'wrong-screen',
      platform.freshSpec({
        screenId: otherTheater.screenId,
        theaterId: platform.screens[0]!.theaterId,
      }),
    );
    await platform.apply('in-the-past', platform.freshSpec({ startsAt: '2020-01-01T18:00:00Z' }));

    expect((await reasonOf('unknown-movie', 'MovieNotFound')).message).toMatch(/movieId/);
    expect((await reasonOf('wrong-screen', 'LayoutNotFound')).message).toMatch(/screenId/);
    expect((await reasonOf('in-the-past', 'InvalidSpec')).message).toMatch(/startsAt/);
    const warning = await platform.waitFor(
      'event',
      () => platform.eventsOf(unknownMovie.metadata.uid)[0],
    );
    expect([warning.type, warning.reason]).toEqual(['Warning', 'MovieNotFound']);

    // Looked at again each period (RESYNC_SECONDS=2), and found just as wrong: nothing written.
    await sleep(500);
    const since = Date.now();
    await sleep(3000);
    expect(platform.writesSince(since)).toEqual({});
    expect(platform.eventsOf(unknownMovie.metadata.uid)).toHaveLength(1);

    await platform.patchSpec('unknown-movie', { movieId: platform.movieId });
    await platform.waitFor(
      'Ready once corrected',
      () => platform.ready('unknown-movie')?.status === 'True',
    );
  });

  it('refuses to move a showtime with a sold seat to another screen, until the move is undone', async () => {
    const home = platform.screens[0]!;
    const other = platform.screens.find(
      (s) => s.theaterId === home.theaterId && s.screenId !== home.screenId,
    )!;
    // A day of its own: the spec corrected above now holds screen 0 on its day.
    const startsAt =
      new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10) + 'T15:00:00Z';
    const spec = platform.freshSpec({
      theaterId: home.theaterId,
      screenId: home.screenId,
      startsAt,
    });
    const created = await platform.apply('sold-show', spec);
    await platform.waitFor('Ready', () => platform.ready('sold-show')?.status === 'True');
    await platform.sellSeat(created.metadata.uid);

    await platform.patchSpec('sold-show', { screenId: other.screenId });
    const refused = await reasonOf('sold-show', 'ScreenChangeRefused');
    expect(refused.status).toBe('False');
    expect(refused.observedGeneration).toBe(2);
    expect(conditionOf(platform.showtime('sold-show'), 'InventoryProvisioned')?.reason).toBe(
      'ScreenChangeRefused',
    );
    const row = await platform.call('GET', `/api/showtimes/${created.metadata.uid}`);
    expect(row.body.screenId).toBe(home.screenId);
    expect(row.body.counts.sold).toBe(1);
    const events = await platform.waitFor('Warning', () => {
      const seen = platform.eventsOf(created.metadata.uid);
      return seen.length >= 2 ? seen : undefined;
    });
    expect(events.map((e) => [e.type, e.reason])).toEqual([
      ['Normal', 'Provisioned'],
      ['Warning', 'ScreenChangeRefused'],
    ]);

    await platform.patchSpec('sold-show', { screenId: home.screenId });
    const back = await platform.waitFor('Ready again', () => {
      const s = platform.showtime('sold-show');
      return conditionOf(s)?.status === 'True' && s?.status?.observedGeneration === 3
        ? s
        : undefined;
    });
    expect(back.status?.seats?.sold).toBe(1);
  });
});
