// Process entry points: tracing starts before anything it instruments is loaded, then the service
// is loaded and started; a configuration error is printed as such and ends the process.
import { ConfigError } from '../config/index.ts';
import { createLogger } from '../logging/index.ts';
import { startTracing } from '../tracing/index.ts';

export interface RunMainOptions {
  /**
   * 'always' (services): trace ids exist for logs and messages even when nothing is exported.
   * 'when-exporting' (the edge): a proxy that forwards `traceparent` untouched has no use for
   * trace ids of its own, so it pays for instrumentation only when spans go somewhere.
   */
  tracing?: 'always' | 'when-exporting';
}

/**
 * `await runMain('catalog', async () => (await import('./service.ts')).startCatalog())` from a
 * service's main.ts, which imports nothing else statically. OTEL_SDK_DISABLED=true turns tracing
 * off, as in every OpenTelemetry SDK.
 */
export async function runMain(
  serviceName: string,
  start: () => Promise<unknown>,
  options: RunMainOptions = {},
): Promise<void> {
  try {
    const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
    const logger = createLogger({ service: serviceName, level: 'warn' });
    const disabled = process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
    const wanted = options.tracing === 'when-exporting' ? endpoint !== undefined : true;
    if (!disabled && wanted) startTracing({ serviceName, endpoint, logger });
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
