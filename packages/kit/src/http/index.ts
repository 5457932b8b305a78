// The http part of the service kit.
export { createServiceApp, type ServiceAppOptions, type ReadinessChecks } from './app.ts';
export { listen, type RunningServer } from './listen.ts';
export { createMetrics, type Metrics } from './metrics.ts';
export { problemDocument, sendProblem, type ProblemDocument } from './problem.ts';
export { createRoutes, type Routes, type RouteSpec, type RouteInput } from './routes.ts';
export { parseInput, toFieldProblems } from './validation.ts';
export { pageOf, pagingQuery, problemResponse, problemSchema } from './schemas.ts';
export {
  completeIdempotencyKey,
  deleteExpiredIdempotencyKeys,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_TTL_MS,
  IDEMPOTENT_REPLAYED_HEADER,
  idempotencyInProgress,
  idempotencyKeyHeaders,
  idempotencyKeyReused,
  requestFingerprint,
  sendIdempotent,
  withIdempotency,
  type IdempotencyKeyId,
  type IdempotencyScope,
  type IdempotentResponse,
  type IdempotentResult,
  type WithIdempotencyOptions,
} from './idempotency.ts';
export {
  createIdempotencyKeyCleanup,
  type IdempotencyKeyCleanup,
  type IdempotencyKeyCleanupOptions,
} from './idempotency-cleanup.ts';
