// Process entry points: tracing starts before anything it instruments is loaded, then the service
// is loaded and started; a configuration error is printed as such and ends the process.
import { ConfigError } from '../config/index.ts';
import { createLogger } from '../logging/index.ts';
import { startTracing } from '../tracing/index.ts';

/**
 * `await runMain('catalog', async () => (await import('./service.ts')).startCatalog())` from a
 * service's main.ts, which imports nothing else statically.
 */
export async function runMain(serviceName: string, start: () => Promise<unknown>): Promise<void> {
  try {
    const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
    const logger = createLogger({ service: serviceName, level: 'warn' });
    startTracing({ serviceName, endpoint, logger });
    await start();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${serviceName}: ${err.message}\n`);
    } else {
      process.stderr.write(
        `${serviceName} failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    }
    process.exit(1);
  }
}
