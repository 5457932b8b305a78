// Declares the exchanges and queues described in names.ts; safe to repeat after every reconnect.
import type { Channel } from 'amqplib';
import { deadLetterExchangeName, parkingQueueName, retryQueueName } from './names.ts';

export async function declareExchanges(channel: Channel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertExchange(deadLetterExchangeName(exchange), 'direct', { durable: true });
}

export interface ConsumerTopology {
  exchange: string;
  queue: string;
  bindings: string[];
  /** One delay queue per distinct retry delay. */
  retryDelaysMs: number[];
}

export async function declareConsumerQueues(
  channel: Channel,
  topology: ConsumerTopology,
): Promise<void> {
  const { exchange, queue } = topology;
  const dlx = deadLetterExchangeName(exchange);
  await declareExchanges(channel, exchange);
  const parking = parkingQueueName(queue);
  await channel.assertQueue(parking, { durable: true });
  await channel.bindQueue(parking, dlx, queue);
  await channel.assertQueue(queue, {
    durable: true,
    deadLetterExchange: dlx,
    deadLetterRoutingKey: queue,
  });
  for (const delay of topology.retryDelaysMs) {
    // Every message in one delay queue waits the same time, so expiry order is queue order and
    // nothing at the head holds back a message that is already due.
    await channel.assertQueue(retryQueueName(queue, delay), {
      durable: true,
      messageTtl: delay,
      deadLetterExchange: '',
      deadLetterRoutingKey: queue,
    });
  }
  for (const pattern of topology.bindings) await channel.bindQueue(queue, exchange, pattern);
}

/** Removes a consumer's queues (tests and decommissioning); the exchanges stay. */
export async function deleteConsumerQueues(
  channel: Channel,
  queue: string,
  retryDelaysMs: number[],
): Promise<void> {
  await channel.deleteQueue(queue);
  await channel.deleteQueue(parkingQueueName(queue));
  for (const delay of retryDelaysMs) await channel.deleteQueue(retryQueueName(queue, delay));
}
