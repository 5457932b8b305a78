// The event bus in memory, for the embedded platform and tests: same routing, retry and parking
// rules as RabbitMQ. With a journal (a file) it is durable as well: a published message is on disk
// before `publish` resolves, and what was not handled yet is delivered again after a restart.
import type { Logger } from '../logging/index.ts';
import type {
  BusMessage,
  DeliveredMessage,
  EventBus,
  MessageHandler,
  SubscribeSpec,
  Subscription,
} from './event-bus.ts';
import { isPermanentMessageError } from './event-bus.ts';
import { errorMessage, runHandlerInSpan } from './handler-span.ts';
import { resolveRetryPolicy, retryDelayMs, type RetryPolicy } from './retry-policy.ts';
import { assertTopicPattern, topicMatches } from './topic-pattern.ts';
import { assertPublishable } from './validate-message.ts';
import { openBusJournal, type BusJournal, type JournalEntry } from './bus-journal.ts';

export interface InProcessBusOptions {
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  /**
   * A file that keeps queues, their messages and parked messages across restarts. Unset: in
   * memory only, and what was not handled when the process stops is lost.
   */
  journal?: string;
  /** Rewrite the journal with only what is live after this many lines (default 10 000). */
  journalCompactAfter?: number;
}

export interface ParkedMessage {
  message: DeliveredMessage;
  /** Why the last delivery failed. */
  error: string;
  parkedAt: Date;
}

/** One consumer per queue at a time (RabbitMQ would let replicas compete; one process has none). */
export interface InProcessBus extends EventBus {
  /** Messages parked from `queue`, oldest first (the equivalent of `<queue>.dlq`). */
  parked(queue: string): ParkedMessage[];
  /** Resolves once every subscribed queue is empty, idle and has no retry waiting. */
  whenIdle(): Promise<void>;
}

interface Delivery {
  message: BusMessage;
  attempt: number;
  /** Its line in the journal, when there is one. */
  seq: number;
}

/** A queue outlives its subscriptions, as a durable queue does: messages wait for a handler. */
interface QueueState {
  name: string;
  bindings: Set<string>;
  handler: MessageHandler | undefined;
  prefetch: number;
  ready: Delivery[];
  inFlight: number;
  parked: ParkedMessage[];
}

export function createInProcessBus(options: InProcessBusOptions = {}): InProcessBus {
  const policy = resolveRetryPolicy(options.retry);
  const logger = options.logger;
  const queues = new Map<string, QueueState>();
  const retryTimers = new Set<NodeJS.Timeout>();
  let idleWaiters: (() => void)[] = [];
  let closed = false;
  const journal: BusJournal | undefined = options.journal
    ? openBusJournal(options.journal, { compactAfter: options.journalCompactAfter })
    : undefined;

  const isIdle = () =>
    retryTimers.size === 0 &&
    [...queues.values()].every((q) => q.inFlight === 0 && (!q.handler || q.ready.length === 0));

  function settleIdle() {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function pump(queue: QueueState) {
    while (!closed && queue.handler && queue.inFlight < queue.prefetch && queue.ready.length > 0) {
      const delivery = queue.ready.shift() as Delivery;
      queue.inFlight++;
      void deliver(queue, queue.handler, delivery).finally(() => {
        queue.inFlight--;
        pump(queue);
        settleIdle();
      });
    }
  }

  async function deliver(queue: QueueState, handler: MessageHandler, delivery: Delivery) {
    // A fresh copy per delivery: a handler must not see another's changes, as on the wire.
    const message: DeliveredMessage = {
      ...copyOf(delivery.message),
      attempt: delivery.attempt,
      queue: queue.name,
    };
    try {
      await runHandlerInSpan(handler, message);
      journal?.ack(delivery.seq);
    } catch (err) {
      const delay = isPermanentMessageError(err)
        ? undefined
        : retryDelayMs(policy, delivery.attempt);
      const fields = {
        queue: queue.name,
        eventId: message.id,
        type: message.type,
        attempt: delivery.attempt,
      };
      if (delay === undefined) {
        logger?.error({ ...fields, err }, 'event handler failed; message parked');
        const parked = { message, error: errorMessage(err), parkedAt: new Date() };
        queue.parked.push(parked);
        journal?.park(delivery.seq, parked.error, parked.parkedAt);
        return;
      }
      logger?.warn({ ...fields, err, retryInMs: delay }, 'event handler failed; will retry');
      const timer = setTimeout(() => {
        retryTimers.delete(timer);
        queue.ready.push({ ...delivery, attempt: delivery.attempt + 1 });
        pump(queue);
        settleIdle();
      }, delay);
      retryTimers.add(timer);
    }
  }

  function queueState(name: string): QueueState {
    let queue = queues.get(name);
    if (!queue) {
      queue = {
        name,
        bindings: new Set(),
        handler: undefined,
        prefetch: 10,
        ready: [],
        inFlight: 0,
        parked: [],
      };
      queues.set(name, queue);
    }
    return queue;
  }

  // The queues as the last process left them: bindings, messages not yet handled, parked ones.
  if (journal) {
    for (const [name, patterns] of journal.state.bindings)
      for (const pattern of patterns) queueState(name).bindings.add(pattern);
    for (const entry of journal.state.pending)
      queueState(entry.queue).ready.push({ message: entry.message, attempt: 1, seq: entry.seq });
    for (const entry of journal.state.parked) {
      queueState(entry.queue).parked.push({
        message: { ...entry.message, attempt: 1, queue: entry.queue },
        error: entry.error,
        parkedAt: entry.parkedAt,
      });
    }
  }

  return {
    async publish(message) {
      if (closed) throw new Error('event bus is closed');
      assertPublishable(message);
      const stored = copyOf(message);
      const targets = [...queues.values()].filter((queue) =>
        [...queue.bindings].some((pattern) => topicMatches(pattern, message.routingKey)),
      );
      const entries: JournalEntry[] = targets.map((queue) => ({
        seq: journal?.nextSeq() ?? 0,
        queue: queue.name,
        message: stored,
      }));
      // On disk before the publisher hears it was published (and marks its outbox row).
      await journal?.enqueue(entries);
      targets.forEach((queue, i) => {
        queue.ready.push({ message: stored, attempt: 1, seq: entries[i]!.seq });
        // Deliver after the publisher's await returns, as a broker would.
        setImmediate(() => pump(queue));
      });
    },

    async subscribe(spec: SubscribeSpec): Promise<Subscription> {
      if (closed) throw new Error('event bus is closed');
      spec.bindings.forEach(assertTopicPattern);
      const queue = queueState(spec.queue);
      if (queue.handler) throw new Error(`queue ${spec.queue} already has a consumer`);
      spec.bindings.forEach((b) => queue.bindings.add(b));
      queue.handler = spec.handler;
      queue.prefetch = spec.prefetch ?? 10;
      // A durable queue: bound once, it collects messages from then on, across restarts too.
      await Promise.all(spec.bindings.map((pattern) => journal?.bind(spec.queue, pattern)));
      setImmediate(() => pump(queue));
      return {
        queue: spec.queue,
        async close() {
          if (queue.handler === spec.handler) queue.handler = undefined;
          settleIdle();
        },
      };
    },

    async ping() {
      if (closed) throw new Error('event bus is closed');
    },

    async close() {
      closed = true;
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      for (const queue of queues.values()) queue.handler = undefined;
      await journal?.close();
      settleIdle();
    },

    parked(queue) {
      return [...(queues.get(queue)?.parked ?? [])];
    },

    whenIdle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        // Deliveries scheduled with setImmediate must get their chance to start first.
        setImmediate(settleIdle);
      });
    },
  };
}

/** What crossing the wire does to a message: payload through JSON, a new Date, new headers. */
function copyOf(message: BusMessage): BusMessage {
  return {
    id: message.id,
    type: message.type,
    routingKey: message.routingKey,
    payload:
      message.payload === undefined ? undefined : JSON.parse(JSON.stringify(message.payload)),
    headers: { ...message.headers },
    occurredAt: new Date(message.occurredAt.getTime()),
  };
}
