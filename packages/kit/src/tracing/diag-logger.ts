// Routes OpenTelemetry's own diagnostics (exporter failures and the like) into the service log.
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import type { Logger } from '../logging/index.ts';

export function useLoggerForDiagnostics(logger: Logger): void {
  const forward =
    (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') =>
    (message: string, ...args: unknown[]) =>
      logger[level](args.length > 0 ? { otel: args } : {}, message);
  const diagLogger: DiagLogger = {
    error: forward('error'),
    warn: forward('warn'),
    info: forward('info'),
    debug: forward('debug'),
    verbose: forward('trace'),
  };
  diag.setLogger(diagLogger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
}
