// One consumer of one queue on its own confirm channel: runs the handler, then acks, schedules a
// retry through a delay queue, or parks the message, each only after the broker confirmed the move.
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Logger } from '../logging/index.ts';
import { confirmable } from './confirm.ts';
import type { DeliveredMessage, SubscribeSpec } from './event-bus.ts';
import { isPermanentMessageError } from './event-bus.ts';
import { errorMessage, runHandlerInSpan } from './handler-span.ts';
import { deadLetterExchangeName, retryQueueName } from './names.ts';
import { attemptOf, decodeDelivery, HEADER, republishOptions } from './rabbit-codec.ts';
import { declareConsumerQueues } from './rabbit-topology.ts';
import { retryDelays, retryDelayMs, type RetryPolicy } from './retry-policy.ts';

export interface ConsumerDeps {
  exchange: string;
  policy: RetryPolicy;
  logger: Logger;
}

export interface RunningConsumer {
  /** Stops new deliveries, waits up to `graceMs` for handlers in flight, closes the channel. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Declares the queue's topology and starts consuming on a channel of its own. `onLost` is called
 * when consuming ends without stop(): the broker cancelled the consumer (its queue was deleted) or
 * the channel died, alone or with the connection.
 */
export async function startConsumer(
  model: ChannelModel,
  spec: SubscribeSpec,
  deps: ConsumerDeps,
  onLost: () => void,
): Promise<RunningConsumer> {
  const channel = await model.createConfirmChannel();
  let stopping = false;
  let lost = false;
  const lose = () => {
    if (stopping || lost) return;
    lost = true;
    onLost();
  };
  channel.on('error', (err: Error) =>
    deps.logger.warn({ err, queue: spec.queue }, 'consumer channel failed'),
  );
  try {
    await declareConsumerQueues(channel, {
      exchange: deps.exchange,
      queue: spec.queue,
      bindings: spec.bindings,
      retryDelaysMs: retryDelays(deps.policy),
    });
    await channel.prefetch(spec.prefetch ?? 10);
    const inFlight = new Set<Promise<void>>();
    const { consumerTag } = await channel.consume(spec.queue, (msg) => {
      // null: the broker cancelled the consumer (e.g. the queue was deleted).
      if (msg === null) {
        lose();
        void channel.close().catch(() => undefined);
        return;
      }
      const handling = handleDelivery(channel, spec, deps, msg).catch((err: unknown) =>
        deps.logger.error({ err, queue: spec.queue }, 'delivery handling failed'),
      );
      inFlight.add(handling);
      void handling.finally(() => inFlight.delete(handling));
    });
    channel.on('close', lose);
    return {
      async stop(graceMs = 10_000) {
        stopping = true;
        await channel.cancel(consumerTag).catch(() => undefined);
        if (inFlight.size > 0) {
          let timer: NodeJS.Timeout | undefined;
          const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
          await Promise.race([Promise.allSettled([...inFlight]), grace]);
          clearTimeout(timer);
        }
        await channel.close().catch(() => undefined);
      },
    };
  } catch (err) {
    stopping = true;
    await channel.close().catch(() => undefined);
    throw err;
  }
}

async function handleDelivery(
  channel: ConfirmChannel,
  spec: SubscribeSpec,
  deps: ConsumerDeps,
  msg: ConsumeMessage,
): Promise<void> {
  const { logger } = deps;
  let message: DeliveredMessage;
  try {
    message = decodeDelivery(msg, spec.queue);
  } catch (err) {
    logger.error(
      { err, queue: spec.queue, messageId: msg.properties.messageId },
      'undecodable message parked',
    );
    // Rejected without requeue: the queue's dead-letter exchange takes it to the parking queue.
    settle(() => channel.nack(msg, false, false), logger);
    return;
  }

  try {
    await runHandlerInSpan(spec.handler, message);
    settle(() => channel.ack(msg), logger);
    return;
  } catch (err) {
    const attempt = attemptOf(msg);
    const delay = isPermanentMessageError(err) ? undefined : retryDelayMs(deps.policy, attempt);
    const fields = { queue: spec.queue, eventId: message.id, type: message.type, attempt };
    try {
      if (delay === undefined) {
        await confirmable(channel).publish(
          deadLetterExchangeName(deps.exchange),
          spec.queue,
          msg.content,
          republishOptions(msg, {
            [HEADER.attempt]: attempt,
            [HEADER.lastError]: errorMessage(err).slice(0, 1000),
          }),
        );
        logger.error({ ...fields, err }, 'event handler failed; message parked');
      } else {
        await confirmable(channel).publish(
          '',
          retryQueueName(spec.queue, delay),
          msg.content,
          republishOptions(msg, { [HEADER.attempt]: attempt + 1 }),
        );
        logger.warn({ ...fields, err, retryInMs: delay }, 'event handler failed; will retry');
      }
      settle(() => channel.ack(msg), logger);
    } catch (moveErr) {
      // Not moved, not acked: the broker redelivers it once this channel is gone.
      logger.warn({ ...fields, err: moveErr }, 'could not schedule retry; leaving message unacked');
    }
  }
}

/** Acks on a channel that closed meanwhile throw; the broker redelivers those messages anyway. */
function settle(action: () => void, logger: Logger): void {
  try {
    action();
  } catch (err) {
    logger.debug({ err }, 'ack/nack on a closed channel ignored');
  }
}
