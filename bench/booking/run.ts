// bench/booking: hold -> book -> pay -> confirmed through the edge, with every service its own
// process on real PostgreSQL, Redis and RabbitMQ (connected mode). A closed loop of
// BENCH_CONCURRENCY customers for BENCH_SECONDS, then an open loop at BENCH_RATE arrivals/s, then
// the ceilings measured in the same run: a trivial authenticated read through the edge at the same
// concurrency, and pgbench running the booking database's SQL of one confirmed booking. Ends by
// checking that seats, bookings and money agree. Run: npm run bench:booking
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { TEST_POSTGRES_URL } from '@marquee/kit/testing';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { detailPerUnit, perUnit, statementCounts } from '../lib/statements.ts';
import { startConnectedPlatform, warningSummary } from '../lib/connected-platform.ts';
import { cpuReport, cpuSnapshot, cpuUsed } from '../lib/cpu.ts';
import { closedLoop, createClient, Latencies, openLoop } from '../lib/load.ts';
import { pgbench } from '../lib/pgbench.ts';
import { createBookingFlow } from './flow.ts';
import { FlowStats } from './flow-stats.ts';
import { checkInvariant, settle } from './invariant.ts';
import { readCeiling } from './ceiling.ts';
import { createShowtimes, loginAdmin, registerCustomers, type Customer } from './seed.ts';
import { createSlots } from './slots.ts';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const OPEN_SECONDS = Number(process.env.BENCH_OPEN_SECONDS ?? 10);
const CUSTOMERS = Math.max(CONCURRENCY, Number(process.env.BENCH_CUSTOMERS ?? 200));
const WARMUP_SECONDS = 3;
const CEILING_SECONDS = 5;
const PGBENCH_SECONDS = 10;
/** Booking's PostgreSQL pool (kit default): the most statements it can have in flight. */
const BOOKING_POOL = 10;
const TARGET = { perSecond: 200, p99Ms: 150 };
/** A 400-seat screen; a showtime counts as full at 80% of its pairs, before best-available strains. */
const SCREEN = { rows: 20, seatsPerRow: 20 };
const PAIRS_PER_SHOWTIME = Math.floor(((SCREEN.rows * SCREEN.seatsPerRow) / 2) * 0.8);
/** Seats for the closed loop are provisioned for this rate, above the target, so they last. */
const PROVISION_RATE = 300;
const SCREENS = 4;

// Every service counts the statements it sends to PostgreSQL (bench/lib/statement-counter.ts).
const statementsDir = await mkdtemp(join(tmpdir(), 'marquee-bench-statements-'));
process.env.BENCH_STATEMENTS_DIR = statementsDir;
const platform = await startConnectedPlatform('marquee_bench_booking');
const { processes, databases } = platform;
const edge = createClient(platform.edgeUrl, Math.max(CONCURRENCY, 512));
try {
  const call = edge.call;
  const admin = await loginAdmin(call, platform.admin);
  const slots = createSlots({ perCustomer: 5, pairsPerShowtime: PAIRS_PER_SHOWTIME });
  const provision = async (pairs: number) => {
    const count = Math.ceil(Math.max(0, pairs - slots.remaining) / PAIRS_PER_SHOWTIME);
    if (count > 0)
      slots.add(await createShowtimes(call, admin, { screens: SCREENS, screen: SCREEN, count }));
    return count;
  };
  const showtimeCount = await provision(PROVISION_RATE * (SECONDS + WARMUP_SECONDS));
  const registered = performance.now();
  const customers: Customer[] = await registerCustomers(call, CUSTOMERS);
  const registerSeconds = (performance.now() - registered) / 1000;
  const attempt = createBookingFlow(call, slots);

  console.log(
    `bench/booking: hold -> book -> pay -> confirmed through the edge; identity, catalog, showtimes, ` +
      `payments, booking and the edge each its own process on PostgreSQL, Redis, RabbitMQ; ` +
      `${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} before the run`,
  );
  console.log(
    `  ${showtimeCount} showtimes of ${SCREEN.rows * SCREEN.seatsPerRow} seats on ${SCREENS} screens (made as admin through the edge), ` +
      `${customers.length} customers registered through the edge (${registerSeconds.toFixed(1)} s); ` +
      `RabbitMQ: ${platform.broker.fallback ?? 'a vhost of its own'}`,
  );

  const warmup = new FlowStats();
  await closedLoop(CONCURRENCY, WARMUP_SECONDS, (w) => attempt(customers[w]!, w, warmup));

  const closed = new FlowStats();
  const cpu = () =>
    cpuSnapshot(
      {
        ...Object.fromEntries(Object.entries(processes).map(([n, p]) => [n, p.child.pid])),
        'load generator': process.pid,
      },
      { adminUrl: TEST_POSTGRES_URL, databases: Object.values(databases).map((db) => db.name) },
    );
  const pids = Object.fromEntries(Object.entries(processes).map(([n, p]) => [n, p.child.pid]));
  const statementsBefore = await statementCounts(statementsDir, pids);
  const cpuBefore = await cpu();
  await closedLoop(CONCURRENCY, SECONDS, (w) => attempt(customers[w]!, w, closed));
  const closedCpu = cpuUsed(cpuBefore, await cpu());
  const statementsAfter = await statementCounts(statementsDir, pids);
  const closedRate = closed.confirmed / SECONDS;
  console.log(
    `closed loop, ${CONCURRENCY} customers, ${SECONDS} s (after ${WARMUP_SECONDS} s warm-up): ` +
      `${closedRate.toFixed(1)} confirmed bookings/s (${closed.confirmed} of ${closed.attempts} attempts)`,
  );
  for (const line of closed.lines()) console.log(line);
  for (const line of cpuReport(closedCpu, closed.confirmed, availableParallelism()))
    console.log(line);
  // The database's own limit for this SQL: the rate its CPU alone would allow on these cores.
  const postgresMs = (1000 * (closedCpu.byProcess.get('postgres') ?? 0)) / closed.confirmed;
  const postgresCeiling = (availableParallelism() * 1000) / postgresMs;
  console.log(
    `  PostgreSQL alone spends ${postgresMs.toFixed(1)} ms of CPU per booking: ` +
      `${availableParallelism()} cores allow at most ${postgresCeiling.toFixed(0)} bookings/s to this SQL ` +
      `even if every service, the edge and the load generator cost nothing`,
  );
  console.log(
    `  SQL statements per confirmed booking (each a round trip; BEGIN, COMMIT and the outbox ` +
      `relay's count): ${perUnit(statementsBefore.counts, statementsAfter.counts, closed.confirmed)}`,
  );
  // BENCH_STATEMENTS_DETAIL=1: each service's statements per booking, by text.
  if (process.env.BENCH_STATEMENTS_DETAIL)
    for (const line of detailPerUnit(statementsBefore, statementsAfter, closed.confirmed))
      console.log(line);

  await provision(RATE * OPEN_SECONDS * 1.1);
  const open = new FlowStats();
  const openFlow = new Latencies();
  const openCustomers = customers.slice(CONCURRENCY);
  const arrivals = await openLoop(
    RATE,
    OPEN_SECONDS,
    (i) => attempt(openCustomers[i % openCustomers.length]!, i, open),
    openFlow,
  );
  const openRate = open.confirmed / arrivals.elapsedSeconds;
  console.log(
    `open loop at ${RATE} arrivals/s: ${arrivals.sent} arrivals scheduled over ${OPEN_SECONDS} s, ` +
      `the last answered after ${arrivals.elapsedSeconds.toFixed(1)} s; ${open.confirmed} confirmed = ` +
      `${openRate.toFixed(1)} confirmed bookings/s over that time`,
  );
  for (const line of open.lines(openFlow)) console.log(line);
  console.log("  (flow timed from each arrival's scheduled start; steps from their own start)");

  const ceiling = await readCeiling({
    edgeUrl: platform.edgeUrl,
    bookingUrl: processes.booking.url,
    customers,
    concurrency: CONCURRENCY,
    seconds: CEILING_SECONDS,
  });
  for (const line of ceiling) console.log(line);

  const stillPaying = await settle(databases.booking.url, 60_000);
  const invariant = await checkInvariant({
    booking: databases.booking.url,
    showtimes: databases.showtimes.url,
    payments: databases.payments.url,
  });
  if (stillPaying > 0) console.log(`${stillPaying} bookings still paying after waiting 60 s`);
  for (const line of invariant.lines) console.log(line);

  // After the check: pgbench's own bookings would otherwise count in it.
  const sql = await pgbench({
    url: databases.booking.url,
    scriptFile: fileURLToPath(new URL('./confirmed-booking.sql', import.meta.url)),
    clients: BOOKING_POOL,
    seconds: PGBENCH_SECONDS,
  });
  console.log(
    `pgbench, the booking database's SQL of one confirmed booking (bench/booking/confirmed-booking.sql), ` +
      `${BOOKING_POOL} clients = booking's pool: ${sql.tps.toFixed(0)} bookings/s, ` +
      `latency avg ${sql.latencyAvgMs.toFixed(1)} ms per booking (${sql.failed} failed): the most ` +
      `bookings/s the booking database's statements allow here, with no HTTP, JSON or other service`,
  );
  const met = (rate: number, p99: number) =>
    rate >= TARGET.perSecond && p99 < TARGET.p99Ms ? 'met' : 'NOT met';
  const closedP99 = closed.flow.percentile(99);
  const openP99 = openFlow.percentile(99);
  console.log(
    `target >= ${TARGET.perSecond} confirmed bookings/s with flow p99 < ${TARGET.p99Ms} ms: ` +
      `closed loop ${closedRate.toFixed(1)}/s p99 ${closedP99.toFixed(0)} ms: ${met(closedRate, closedP99)}; ` +
      `open loop ${openRate.toFixed(1)}/s p99 ${openP99.toFixed(0)} ms: ${met(openRate, openP99)}; ` +
      `closed loop = ${((100 * closedRate) / sql.tps).toFixed(1)}% of pgbench's booking-database ceiling, ` +
      `${((100 * closedRate) / postgresCeiling).toFixed(1)}% of PostgreSQL's CPU ceiling ` +
      `(${postgresCeiling.toFixed(0)}/s)`,
  );
  const warnings = warningSummary(processes);
  console.log(`services' warnings and errors: ${warnings.length === 0 ? 'none' : ''}`);
  for (const line of warnings) console.log(line);
  if (!invariant.ok) process.exitCode = 1;
} finally {
  edge.close();
  await platform.stop();
  await rm(statementsDir, { recursive: true, force: true });
}
