// The event bus part of the service kit: the contract, its RabbitMQ and in-process adapters, names.
export {
  isPermanentMessageError,
  PermanentMessageError,
  type BusMessage,
  type DeliveredMessage,
  type EventBus,
  type MessageHandler,
  type SubscribeSpec,
  type Subscription,
} from './event-bus.ts';
export {
  createInProcessBus,
  type InProcessBus,
  type InProcessBusOptions,
  type ParkedMessage,
} from './in-process-bus.ts';
export { createRabbitBus, type RabbitBusOptions } from './rabbit-bus.ts';
export { deleteConsumerQueues } from './rabbit-topology.ts';
export {
  DEFAULT_EVENTS_EXCHANGE,
  deadLetterExchangeName,
  parkingQueueName,
  queueName,
  retryQueueName,
} from './names.ts';
export {
  defaultRetryPolicy,
  resolveRetryPolicy,
  retryDelayMs,
  retryDelays,
  type RetryPolicy,
} from './retry-policy.ts';
export { assertTopicPattern, topicMatches } from './topic-pattern.ts';
