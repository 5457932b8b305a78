// Tables every service carries for messaging; services re-export them from their own schema.ts.
export * from './outbox.table.ts';
export * from './processed-events.table.ts';
