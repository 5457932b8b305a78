// The operator process: configuration, the Kubernetes client (kubeconfig file or in-cluster
// service account), the service token source, then startOperator; SIGTERM and SIGINT stop it
// gracefully (no new work, reconciles in flight finish, the lease is released).
import { readFileSync } from 'node:fs';
import { runMain } from '@marquee/kit/main';

const IN_CLUSTER_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

async function main(): Promise<void> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { serviceTokenSourceFromConfig } = await import('@marquee/kit/auth');
  const { ConfigError, parseConfig } = await import('@marquee/kit/config');
  const { createLogger } = await import('@marquee/kit/logging');
  const { operatorConfigSchema } = await import('./config.ts');
  const { createOperatorMetrics } = await import('./metrics.ts');
  const { startOperator } = await import('./operator.ts');

  const config = parseConfig(operatorConfigSchema, process.env);
  const tokens = serviceTokenSourceFromConfig(config);
  if (!tokens) {
    throw new ConfigError([
      { variable: 'SERVICE_TOKEN_URL', message: "is required: identity's token endpoint" },
    ]);
  }
  const kubeConfig = new KubeConfig();
  if (config.KUBECONFIG) kubeConfig.loadFromFile(config.KUBECONFIG);
  else kubeConfig.loadFromCluster();
  let leaseNamespace = config.LEASE_NAMESPACE;
  if (!leaseNamespace && !config.KUBECONFIG) {
    leaseNamespace = readFileSync(IN_CLUSTER_NAMESPACE, 'utf8').trim();
  }
  const logger = createLogger({ service: 'operator', level: config.LOG_LEVEL });
  const operator = await startOperator(
    { ...config, LEASE_NAMESPACE: leaseNamespace },
    { kubeConfig, tokens, logger, metrics: createOperatorMetrics({ processMetrics: true }) },
  );

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'stop timed out; leaving anyway');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    operator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

// Like the edge, the operator serves no API whose requests need trace ids in their logs: it pays
// for instrumentation (async hooks on every promise) only when spans are exported somewhere.
await runMain('operator', main, { tracing: 'when-exporting' });
