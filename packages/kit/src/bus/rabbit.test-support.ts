// Test support only: a side connection to the real broker to look into queues and clean up after.
import { connect, type Channel, type GetMessage } from 'amqplib';
import { TEST_AMQP_URL, uniqueSuffix } from '../testing/index.ts';
import { deadLetterExchangeName } from './names.ts';
import { deleteConsumerQueues } from './rabbit-topology.ts';

export interface TestBroker {
  /** A unique topic exchange for this test file. */
  exchange: string;
  /** A unique queue name. */
  queue(label: string): string;
  channel: Channel;
  /** Takes (and acks) everything currently in `queue`. */
  drain(queue: string): Promise<GetMessage[]>;
  /** Deletes the queues made through `queue()` with their delay/parking queues, and the exchanges. */
  cleanup(retryDelaysMs?: number[]): Promise<void>;
}

export async function openTestBroker(): Promise<TestBroker> {
  const suffix = uniqueSuffix();
  const exchange = `test.events.${suffix}`;
  const connection = await connect(TEST_AMQP_URL);
  const channel = await connection.createChannel();
  const queues: string[] = [];
  return {
    exchange,
    channel,
    queue(label) {
      const name = `test-${suffix}.${label}`;
      queues.push(name);
      return name;
    },
    async drain(queue) {
      const taken: GetMessage[] = [];
      for (;;) {
        const msg = await channel.get(queue, { noAck: true });
        if (!msg) return taken;
        taken.push(msg);
      }
    },
    async cleanup(retryDelaysMs = []) {
      for (const queue of queues) await deleteConsumerQueues(channel, queue, retryDelaysMs);
      await channel.deleteExchange(exchange);
      await channel.deleteExchange(deadLetterExchangeName(exchange));
      await connection.close();
    },
  };
}
