// Tables the kit's helpers write; services re-export the ones they use from their own schema.ts.
export * from './idempotency-keys.table.ts';
export * from './outbox.table.ts';
export * from './processed-events.table.ts';
