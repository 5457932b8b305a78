// The transactional outbox part of the service kit: write events with the change, relay them after.
export { enqueueEvent, prepareEvent, type NewEvent } from './enqueue-event.ts';
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outbox-relay.ts';
