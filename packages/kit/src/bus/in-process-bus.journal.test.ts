// The in-process bus with a journal survives its process: queues, messages not yet handled and
// parked messages are back after a restart, handled ones are not delivered again.
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentMessageError, type BusMessage, type DeliveredMessage } from './event-bus.ts';
import { createInProcessBus, type InProcessBus } from './in-process-bus.ts';

const event = (routingKey: string, payload: unknown = { n: 1 }): BusMessage => ({
  id: randomUUID(),
  type: routingKey,
  routingKey,
  payload,
  headers: {},
  occurredAt: new Date('2030-01-01T10:00:00.123Z'),
});

describe('in-process bus with a journal', () => {
  let dir: string;
  let journal: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bus-journal-'));
    journal = join(dir, 'bus', 'journal.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A process that stops without closing anything: only what reached the disk is left. */
  const crashed = () => undefined;

  /** A bus started again on the journal: the ids its consumer of `queue` is handed, then closed. */
  async function deliveredAfterRestart(
    queue: string,
    bindings: string[],
    before?: (bus: InProcessBus) => Promise<void>,
  ): Promise<{ ids: string[]; bus: InProcessBus }> {
    const bus = createInProcessBus({ journal });
    await before?.(bus);
    const ids: string[] = [];
    await bus.subscribe({ queue, bindings, handler: async (m) => void ids.push(m.id) });
    await bus.whenIdle();
    await bus.close();
    return { ids, bus };
  }

  it('delivers after a restart what was published but not handled, and only that', async () => {
    const first = createInProcessBus({ journal });
    const handled: string[] = [];
    const sub = await first.subscribe({
      queue: 'q.bookings',
      bindings: ['booking.#'],
      handler: async (m) => void handled.push(m.id),
    });
    const done = event('booking.confirmed.v1');
    await first.publish(done);
    await first.whenIdle();
    expect(handled).toEqual([done.id]);
    // The consumer goes away; two more are published for its queue, one for nobody.
    await sub.close();
    const waiting = [event('booking.cancelled.v1', { n: 2 }), event('booking.expired.v1')];
    for (const m of waiting) await first.publish(m);
    await first.publish(event('seat.held.v1'));
    crashed();

    const second = createInProcessBus({ journal });
    const redelivered: DeliveredMessage[] = [];
    await second.subscribe({
      queue: 'q.bookings',
      bindings: ['booking.#'],
      handler: async (m) => void redelivered.push(m),
    });
    await second.whenIdle();
    expect(redelivered.map((m) => m.id)).toEqual(waiting.map((m) => m.id));
    expect(redelivered[0]).toMatchObject({
      routingKey: 'booking.cancelled.v1',
      payload: { n: 2 },
      occurredAt: new Date('2030-01-01T10:00:00.123Z'),
      attempt: 1,
      queue: 'q.bookings',
    });
    await second.close();

    // Handled now: a third start has nothing to deliver.
    const third = createInProcessBus({ journal });
    const again: string[] = [];
    await third.subscribe({
      queue: 'q.bookings',
      bindings: ['booking.#'],
      handler: async (m) => void again.push(m.id),
    });
    await third.whenIdle();
    expect(again).toEqual([]);
    await third.close();
  });

  it('keeps a queue bound across a restart, so messages published before its consumer returns wait', async () => {
    const first = createInProcessBus({ journal });
    await first.subscribe({ queue: 'q.seats', bindings: ['seat.*.v1'], handler: async () => {} });
    await first.close();

    const early = event('seat.sold.v1');
    // Published before anyone subscribed in this process.
    const { ids } = await deliveredAfterRestart('q.seats', ['seat.*.v1'], (bus) =>
      bus.publish(early),
    );
    expect(ids).toEqual([early.id]);
  });

  it('delivers again a message whose handler was still running when the process died', async () => {
    const first = createInProcessBus({ journal });
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    await first.subscribe({
      queue: 'q.slow',
      bindings: ['#'],
      handler: () => {
        started();
        return new Promise(() => {}); // never finishes: the process dies first
      },
    });
    const message = event('payment.succeeded.v1');
    await first.publish(message);
    await running;
    crashed();

    expect((await deliveredAfterRestart('q.slow', ['#'])).ids).toEqual([message.id]);
  });

  it('keeps parked messages parked, and does not deliver them again', async () => {
    const first = createInProcessBus({ journal });
    await first.subscribe({
      queue: 'q.poison',
      bindings: ['#'],
      handler: async () => {
        throw new PermanentMessageError('cannot be handled');
      },
    });
    const poison = event('booking.cancelled.v1');
    await first.publish(poison);
    await first.whenIdle();
    expect(first.parked('q.poison')).toHaveLength(1);
    await first.close();

    const { ids, bus } = await deliveredAfterRestart('q.poison', ['#']);
    expect(ids).toEqual([]);
    expect(bus.parked('q.poison')).toMatchObject([
      { message: { id: poison.id }, error: expect.stringContaining('cannot be handled') },
    ]);
  });

  it('skips a line torn by a crash mid-write', async () => {
    const first = createInProcessBus({ journal });
    await first.subscribe({ queue: 'q.a', bindings: ['#'], handler: async () => {} });
    await first.close();
    appendFileSync(journal, '{"op":"enq","seq":99,"queue":"q.a","mess');

    const m = event('x.y');
    const { ids } = await deliveredAfterRestart('q.a', ['#'], (bus) => bus.publish(m));
    expect(ids).toEqual([m.id]);
  });

  it('rewrites the journal with only what is live, at start and as it grows', async () => {
    const bus = createInProcessBus({ journal, journalCompactAfter: 50 });
    await bus.subscribe({ queue: 'q.all', bindings: ['#'], handler: async () => {} });
    for (let i = 0; i < 200; i++) await bus.publish(event('seat.held.v1'));
    await bus.whenIdle();
    await bus.close();
    const lines = () => readFileSync(journal, 'utf8').split('\n').filter(Boolean);
    // 200 messages and their acks would be 401 lines; compaction kept it far below that.
    expect(lines().length).toBeLessThan(120);

    createInProcessBus({ journal }); // opening compacts: everything was handled
    expect(lines()).toEqual([JSON.stringify({ op: 'bind', queue: 'q.all', pattern: '#' })]);
  });
});
