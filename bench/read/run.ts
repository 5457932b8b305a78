// bench/read: the cheapest authenticated request (GET /api/bookings?limit=1), through the edge and
// straight to booking, on the connected platform with nothing else running: the per-request cost
// of the HTTP stack alone, the ceiling bench:booking also measures after its loops. Compare
// settings by environment, e.g. OTEL_SDK_DISABLED=true npm run bench:read (tracing off).
// Run: npm run bench:read
import { availableParallelism, loadavg } from 'node:os';
import { readCeiling } from '../booking/ceiling.ts';
import { registerCustomers } from '../booking/seed.ts';
import { startConnectedPlatform } from '../lib/connected-platform.ts';
import { createClient } from '../lib/load.ts';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

const platform = await startConnectedPlatform('marquee_bench_read');
const edge = createClient(platform.edgeUrl, CONCURRENCY * 2);
try {
  const customers = await registerCustomers(edge.call, CONCURRENCY);
  console.log(
    `bench/read: ${CONCURRENCY} workers, ${SECONDS} s each; ${availableParallelism()} cores, ` +
      `load average ${loadavg()[0]!.toFixed(1)}; tracing ` +
      (process.env.OTEL_SDK_DISABLED === 'true'
        ? 'off'
        : process.env.OTEL_EXPORTER_OTLP_ENDPOINT
          ? 'exporting'
          : 'on, nothing exported'),
  );
  const lines = await readCeiling({
    edgeUrl: platform.edgeUrl,
    bookingUrl: platform.processes.booking.url,
    customers,
    concurrency: CONCURRENCY,
    seconds: SECONDS,
  });
  for (const line of lines) console.log(line);
} finally {
  edge.close();
  await platform.stop();
}
