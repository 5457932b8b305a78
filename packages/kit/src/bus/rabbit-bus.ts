// The event bus on RabbitMQ: one recovering connection, a confirm channel for publishing, one
// channel per subscription; after a dropped connection it re-declares everything and re-subscribes.
import {
  connect,
  type ChannelModel,
  type ConfirmChannel,
  type RecoveringChannelModel,
} from 'amqplib';
import type { Logger } from '../logging/index.ts';
import { confirmable } from './confirm.ts';
import type { EventBus, SubscribeSpec, Subscription } from './event-bus.ts';
import { DEFAULT_EVENTS_EXCHANGE } from './names.ts';
import { startConsumer, type RunningConsumer } from './rabbit-consumer.ts';
import { encodeMessage } from './rabbit-codec.ts';
import { declareExchanges } from './rabbit-topology.ts';
import { resolveRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import { assertTopicPattern } from './topic-pattern.ts';
import { assertPublishable } from './validate-message.ts';

export interface RabbitBusOptions {
  url: string;
  /** Topic exchange for events (default `marquee.events`). */
  exchange?: string;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  /** Reconnect backoff; attempts before the first connection fail `createRabbitBus` when used up. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; initialAttempts?: number };
  /** Delay before a consumer that failed or was cancelled by the broker is declared again. */
  resubscribeDelayMs?: number;
  /** How long close() waits for handlers in flight before closing their channels (default 10s). */
  shutdownGraceMs?: number;
}

interface ActiveSubscription {
  spec: SubscribeSpec;
  running: RunningConsumer | undefined;
  closed: boolean;
}

interface Live {
  model: ChannelModel;
  publisher: Promise<ConfirmChannel> | undefined;
}

/** Connects (waiting and retrying per `reconnect`) and declares the exchanges. */
export async function createRabbitBus(options: RabbitBusOptions): Promise<EventBus> {
  const exchange = options.exchange ?? DEFAULT_EVENTS_EXCHANGE;
  const logger = options.logger.child({ component: 'rabbit-bus', exchange });
  const policy = resolveRetryPolicy(options.retry);
  const consumerDeps = { exchange, policy, logger };
  const subscriptions = new Set<ActiveSubscription>();
  let live: Live | undefined;
  let closing = false;

  async function run(model: ChannelModel, sub: ActiveSubscription): Promise<void> {
    // The consumer can be lost before startConsumer returns it; remember that and act after.
    const started: { consumer?: RunningConsumer; lostEarly: boolean } = { lostEarly: false };
    const onLost = () => {
      if (!started.consumer) {
        started.lostEarly = true;
        return;
      }
      // Replaced already (a reconnect's setup, or close()): nothing to do for this one.
      if (sub.running !== started.consumer) return;
      sub.running = undefined;
      if (live?.model === model) {
        logger.warn({ queue: sub.spec.queue }, 'consumer lost; subscribing again');
      }
      runLater(model, sub);
    };
    started.consumer = await startConsumer(model, sub.spec, consumerDeps, onLost);
    sub.running = started.consumer;
    if (started.lostEarly) onLost();
  }

  function runLater(model: ChannelModel, sub: ActiveSubscription): void {
    setTimeout(() => {
      // A newer connection's setup has already taken over if the model changed.
      if (closing || sub.closed || live?.model !== model) return;
      run(model, sub).catch((err) => {
        logger.error({ err, queue: sub.spec.queue }, 'subscribing failed; trying again');
        runLater(model, sub);
      });
    }, options.resubscribeDelayMs ?? 1_000).unref();
  }

  // Runs on every (re)connection before the connection is handed out. A failure to declare the
  // exchanges closes the connection and the recovery loop tries again; a failing subscription
  // (e.g. a queue declared elsewhere with other arguments) is retried alone so publishing goes on.
  async function setup(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    await declareExchanges(channel, exchange);
    await channel.close();
    const failed: ActiveSubscription[] = [];
    // A live Set iteration also visits subscriptions added while this loop awaits.
    for (const sub of subscriptions) {
      if (sub.closed) continue;
      try {
        await run(model, sub);
      } catch (err) {
        logger.error({ err, queue: sub.spec.queue }, 'subscribing failed; trying again');
        failed.push(sub);
      }
    }
    live = { model, publisher: undefined };
    for (const sub of failed) runLater(model, sub);
  }

  const connection: RecoveringChannelModel = await connect(options.url, {
    recovery: {
      initialDelay: options.reconnect?.initialDelayMs ?? 100,
      maxDelay: options.reconnect?.maxDelayMs ?? 5_000,
      initialMaxRetries: options.reconnect?.initialAttempts ?? 10,
      setup,
    },
  });
  connection.on('disconnect', (err: Error) => {
    live = undefined;
    for (const sub of subscriptions) sub.running = undefined;
    if (!closing) logger.warn({ err }, 'connection to RabbitMQ lost; reconnecting');
  });
  connection.on('connect', () => logger.info('connected to RabbitMQ'));
  connection.on('reconnect-failed', (err: Error) =>
    logger.error({ err }, 'gave up reconnecting to RabbitMQ'),
  );
  connection.on('error', (err: Error) => logger.warn({ err }, 'RabbitMQ connection error'));

  function publisher(): Promise<ConfirmChannel> {
    const current = live;
    if (!current) return Promise.reject(new Error('RabbitMQ is not connected'));
    if (!current.publisher) {
      const opening = current.model.createConfirmChannel().then((channel) => {
        channel.on('error', (err: Error) => logger.warn({ err }, 'publish channel failed'));
        // A channel can die alone (a channel-level error); the next publish opens another.
        channel.on('close', () => {
          if (current.publisher === opening) current.publisher = undefined;
        });
        return channel;
      });
      opening.catch(() => {
        if (current.publisher === opening) current.publisher = undefined;
      });
      current.publisher = opening;
    }
    return current.publisher;
  }

  return {
    async publish(message) {
      assertPublishable(message);
      if (closing) throw new Error('event bus is closed');
      const channel = await publisher();
      const { content, options: props } = encodeMessage(message);
      await confirmable(channel).publish(exchange, message.routingKey, content, props);
    },

    async subscribe(spec): Promise<Subscription> {
      if (closing) throw new Error('event bus is closed');
      spec.bindings.forEach(assertTopicPattern);
      const sub: ActiveSubscription = { spec, running: undefined, closed: false };
      subscriptions.add(sub);
      const current = live;
      if (current) {
        try {
          await run(current.model, sub);
        } catch (err) {
          subscriptions.delete(sub);
          throw err;
        }
      }
      // Not connected: the next successful setup starts it.
      return {
        queue: spec.queue,
        async close() {
          sub.closed = true;
          subscriptions.delete(sub);
          const running = sub.running;
          sub.running = undefined;
          await running?.stop(options.shutdownGraceMs);
        },
      };
    },

    async ping() {
      if (!live) throw new Error('RabbitMQ is not connected');
    },

    async close() {
      closing = true;
      const running = [...subscriptions].map((sub) => {
        sub.closed = true;
        return sub.running?.stop(options.shutdownGraceMs);
      });
      subscriptions.clear();
      await Promise.all(running);
      live = undefined;
      await connection.close();
    },
  };
}
