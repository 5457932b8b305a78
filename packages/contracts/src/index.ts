// Shared contracts between services: zod schemas of DTOs and events, and the gateway's route table.
export * from './gateway-routes.ts';
export * from './layouts.ts';
