// The edge as its own process (connected mode): routes to the service URLs in the environment.
import { runMain } from '@marquee/kit/main';

await runMain(
  'edge',
  async () => {
    const { parseConfig } = await import('@marquee/kit/config');
    const { edgeConfigSchema } = await import('./config.ts');
    const { startEdge, targetsFromConfig } = await import('./edge.ts');
    const config = parseConfig(edgeConfigSchema);
    const targets = targetsFromConfig(config);
    const server = await startEdge(config, () => targets);
    const stop = () => void server.close(config.SHUTDOWN_TIMEOUT_MS).then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  { tracing: 'when-exporting' },
);
