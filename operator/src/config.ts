// The operator's configuration: one zod schema over the environment, parsed once at start.
import { optionalString, portSchema, serviceClientConfigShape } from '@marquee/kit/config';
import { z } from 'zod';

const seconds = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

export const operatorConfigSchema = z
  .object({
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    HOST: z.string().default('0.0.0.0'),
    /** A kubeconfig file; unset means the in-cluster service account. */
    KUBECONFIG: optionalString(),
    /** The namespace whose resources the operator reconciles; empty means every namespace. */
    WATCH_NAMESPACE: z.string().default(''),
    /** The showtimes service, e.g. http://showtimes:8080. */
    SHOWTIMES_URL: z.url({
      error: 'is required: the showtimes service, e.g. http://showtimes:8080',
    }),
    ...serviceClientConfigShape,
    HEALTH_PORT: portSchema.default(8081),
    /** The same number as HEALTH_PORT serves both from one listener. */
    METRICS_PORT: portSchema.default(8080),
    /** How often a reconciled resource is looked at again (seat counts, drift). */
    RESYNC_SECONDS: seconds(1, 86_400).default(60),
    WORKERS: z.coerce.number().int('must be a whole number').min(1).max(64).default(4),
    LEASE_NAME: z.string().min(1).default('marquee-operator'),
    /** Defaults to the pod's namespace in a cluster, else `default`. */
    LEASE_NAMESPACE: optionalString(),
    /** This replica's identity in the Lease; defaults to the host name. */
    POD_NAME: optionalString(),
    LEASE_DURATION_SECONDS: seconds(1, 3600).default(15),
    RENEW_DEADLINE: seconds(1, 3600).default(10),
    RETRY_PERIOD: seconds(0.1, 600).default(2),
    /** A watch that brings neither an event nor a bookmark for this long is restarted. */
    WATCH_STALL_SECONDS: seconds(1, 3600).default(120),
    /** Deletion blocked by sold tickets is looked at again this often. */
    BLOCKED_RECHECK_SECONDS: seconds(1, 86_400).default(60),
    /** How long a call to the showtimes service may take. */
    SHOWTIMES_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** How long SIGTERM waits for in-flight reconciles before leaving anyway. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  })
  .superRefine((config, ctx) => {
    // The same rules as client-go's leader election: renewing must end before the lease does,
    // and retrying more often than renewing is due.
    if (config.RENEW_DEADLINE >= config.LEASE_DURATION_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['RENEW_DEADLINE'],
        message: 'must be shorter than LEASE_DURATION_SECONDS',
      });
    }
    if (config.RETRY_PERIOD >= config.RENEW_DEADLINE) {
      ctx.addIssue({
        code: 'custom',
        path: ['RETRY_PERIOD'],
        message: 'must be shorter than RENEW_DEADLINE',
      });
    }
  });

export type OperatorConfig = z.output<typeof operatorConfigSchema>;
