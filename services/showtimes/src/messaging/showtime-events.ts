// Schedule events written to the outbox in the transaction that made the change; each payload is
// checked against the shared contract before it is written, so a bad one fails its own transaction.
import {
  showtimeEventSchemas,
  type ShowtimeEventPayload,
  type ShowtimeEventType,
} from '@marquee/contracts/showtime-events';
import { randomUUID } from 'node:crypto';
import type { Queryable } from '@marquee/kit/db';
import { enqueueEvent } from '@marquee/kit/outbox';
import { outbox } from '@marquee/kit/tables';
import { injectTraceHeaders } from '@marquee/kit/tracing';

export async function enqueueShowtimeEvent<T extends ShowtimeEventType>(
  tx: Queryable,
  type: T,
  payload: ShowtimeEventPayload<T>,
  occurredAt: Date,
): Promise<void> {
  await enqueueEvent(tx, {
    type,
    payload: showtimeEventSchemas[type].parse(payload),
    occurredAt,
  });
}

/** Many events of one type in one insert (the demo schedule writes hundreds at once). */
export async function enqueueShowtimeEvents<T extends ShowtimeEventType>(
  tx: Queryable,
  type: T,
  payloads: ShowtimeEventPayload<T>[],
  occurredAt: Date,
): Promise<void> {
  if (payloads.length === 0) return;
  const headers = injectTraceHeaders({});
  await tx.insert(outbox).values(
    payloads.map((payload) => ({
      id: randomUUID(),
      type,
      routingKey: type,
      payload: showtimeEventSchemas[type].parse(payload),
      headers,
      occurredAt,
    })),
  );
}
