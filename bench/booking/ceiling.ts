// The ceiling of the HTTP path, measured in the same run: the cheapest authenticated read booking
// serves (GET /api/bookings?limit=1, one indexed query and a count), through the edge and straight
// to booking, at the benchmark's concurrency. A booking is 3 requests through the edge and 3
// service-to-service calls behind them (2 to showtimes, 1 to payments), each at least this dear,
// so bookings/s can never reach more than a fraction of these reads/s.
import { closedLoop, createClient, Latencies } from '../lib/load.ts';
import type { Customer } from './seed.ts';

export async function readCeiling(options: {
  edgeUrl: string;
  bookingUrl: string;
  customers: Customer[];
  concurrency: number;
  seconds: number;
}): Promise<string[]> {
  const lines: string[] = [];
  for (const [where, url] of [
    ['through the edge', options.edgeUrl],
    ['straight to booking', options.bookingUrl],
  ] as const) {
    const client = createClient(url, options.concurrency);
    const measure = async (seconds: number) => {
      const latencies = new Latencies();
      const statuses = new Map<number, number>();
      await closedLoop(options.concurrency, seconds, async (worker) => {
        const started = performance.now();
        const reply = await client
          .call('GET', '/api/bookings?limit=1', undefined, options.customers[worker]!.auth)
          .catch(() => ({ status: 0 }));
        latencies.add(performance.now() - started);
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      });
      return { latencies, statuses };
    };
    await measure(1); // opens the connections
    const { latencies, statuses } = await measure(options.seconds);
    client.close();
    const ok = statuses.get(200) ?? 0;
    lines.push(
      `ceiling, GET /api/bookings?limit=1 ${where}, ${options.concurrency} workers: ` +
        `${(ok / options.seconds).toFixed(0)} reads/s, ${latencies.summary()}` +
        (ok === latencies.count
          ? ''
          : ` (answers ${[...statuses].map(([s, n]) => `${s}x${n}`).join(' ')})`),
    );
  }
  lines.push(
    '  (the cheapest authenticated request; a booking is 3 requests through the edge plus 2 to ' +
      'showtimes and 1 to payments behind them, each dearer than this)',
  );
  return lines;
}
