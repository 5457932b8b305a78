// The runtime part of the service kit: how a service is wired to its infrastructure and run.
export { runService, type RunServiceOptions, type RunningService } from './run-service.ts';
export type {
  Infrastructure,
  ServiceParts,
  SharedInfrastructure,
  Worker,
} from './infrastructure.ts';
