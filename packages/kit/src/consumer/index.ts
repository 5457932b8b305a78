// The consumer part of the service kit: idempotent event handling on the service's own database.
export { createIdempotentHandler, type IdempotentHandlerOptions } from './idempotent-handler.ts';
