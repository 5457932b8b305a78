// The http part of the service kit.
export { createServiceApp, type ServiceAppOptions, type ReadinessChecks } from './app.ts';
export { listen, type RunningServer } from './listen.ts';
export { createMetrics, type Metrics } from './metrics.ts';
export { sendProblem, type ProblemDocument } from './problem.ts';
export { createRoutes, type Routes, type RouteSpec, type RouteInput } from './routes.ts';
export { parseInput, toFieldProblems } from './validation.ts';
export { pageOf, pagingQuery, problemResponse, problemSchema } from './schemas.ts';
