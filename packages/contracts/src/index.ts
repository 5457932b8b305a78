// Shared contracts between services: zod schemas of DTOs and events, and the gateway's route table.
export * from './booking-events.ts';
export * from './gateway-routes.ts';
export * from './identity-events.ts';
export * from './layouts.ts';
export * from './payment-events.ts';
export * from './payments.ts';
export * from './prices.ts';
export * from './showtime-events.ts';
