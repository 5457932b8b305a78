// Shared contracts between services: zod schemas of DTOs and events, and the gateway's route table.
export * from './gateway-routes.ts';
export * from './layouts.ts';
export * from './prices.ts';
export * from './showtime-events.ts';
