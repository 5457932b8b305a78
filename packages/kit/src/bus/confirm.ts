// Publishing on a confirm channel as a promise that settles on the broker's ack or nack.
import { once } from 'node:events';
import type { ConfirmChannel, Options } from 'amqplib';

export interface ConfirmedPublisher {
  /** Resolves when the broker has taken responsibility for the message; rejects on nack or close. */
  publish(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Options.Publish,
  ): Promise<void>;
}

export function confirmable(channel: ConfirmChannel): ConfirmedPublisher {
  return {
    async publish(exchange, routingKey, content, options) {
      let sent = false;
      const confirmed = new Promise<void>((resolve, reject) => {
        sent = channel.publish(exchange, routingKey, content, options, (err) =>
          err
            ? reject(err instanceof Error ? err : new Error('message was nacked by the broker'))
            : resolve(),
        );
      });
      // A full write buffer still holds the message; waiting for 'drain' stops it growing further.
      if (!sent) await Promise.race([once(channel, 'drain').catch(() => undefined), confirmed]);
      await confirmed;
    },
  };
}
