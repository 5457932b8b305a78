// bench/holds: the hold-and-release path of a running showtimes service (connected: real
// PostgreSQL, Redis, RabbitMQ) against pgbench running the same SQL straight on the same database.
// Run: npm run bench:holds
import { fileURLToPath } from 'node:url';
import { createTestIssuer, serveJwks } from '@marquee/kit/auth';
import { createTestDatabase, TEST_AMQP_URL, TEST_REDIS_URL } from '@marquee/kit/testing';
import pg from 'pg';
import { closedLoop, createClient, Latencies, openLoop } from '../lib/load.ts';
import { pgbench } from '../lib/pgbench.ts';
import { startProcess } from '../lib/services.ts';
import { insertBenchShowtime } from '../lib/showtime-fixture.ts';

const ROWS = 40;
const SEATS_PER_ROW = 50; // pairs start at even seats, so no single seat is ever stranded
const WORKERS = Number(process.env.BENCH_WORKERS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 1000);

const db = await createTestDatabase('marquee_bench_holds');
const issuer = await createTestIssuer();
const jwks = await serveJwks(() => issuer.jwks());
const service = await startProcess(
  fileURLToPath(new URL('../../services/showtimes/src/main.ts', import.meta.url)),
  {
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    AMQP_URL: TEST_AMQP_URL,
    JWKS_URL: jwks.url,
    CATALOG_URL: 'http://127.0.0.1:9',
  },
);

try {
  const showtimeId = await insertBenchShowtime(db.url, ROWS, SEATS_PER_ROW);
  const tokens = await Promise.all(
    // Enough customers that the open loop never meets the per-customer seat limit.
    Array.from({ length: Math.max(WORKERS, 2000) }, () =>
      issuer.sign({ role: 'customer' }, { expiresIn: '1h' }),
    ),
  );
  const client = createClient(service.url, Math.max(WORKERS, 64));
  const randomPair = () => {
    const r = 1 + Math.floor(Math.random() * ROWS);
    const p = Math.floor(Math.random() * (SEATS_PER_ROW / 2));
    return [`R${r}S${2 * p}`, `R${r}S${2 * p + 1}`];
  };
  const outcomes = new Map<number, number>();
  const holdAndRelease = async (token: string, latencies?: Latencies) => {
    const auth = { authorization: `Bearer ${token}` };
    const started = performance.now();
    const res = await client.call(
      'POST',
      `/api/showtimes/${showtimeId}/holds`,
      { seats: randomPair() },
      auth,
    );
    latencies?.add(performance.now() - started);
    outcomes.set(res.status, (outcomes.get(res.status) ?? 0) + 1);
    if (res.status === 201) {
      const { holdId } = JSON.parse(res.body) as { holdId: string };
      await client.call('DELETE', `/api/holds/${holdId}`, undefined, auth);
    }
  };

  console.log(
    `bench/holds: ${ROWS * SEATS_PER_ROW}-seat showtime, ${WORKERS} workers, ${SECONDS} s per phase`,
  );
  await closedLoop(WORKERS, 2, (w) => holdAndRelease(tokens[w]!)); // warm-up
  outcomes.clear();

  const closedLatencies = new Latencies();
  await closedLoop(WORKERS, SECONDS, (w) => holdAndRelease(tokens[w]!, closedLatencies));
  const serviceHolds = (outcomes.get(201) ?? 0) / SECONDS;
  console.log(
    `service, closed loop:  ${serviceHolds.toFixed(0)} holds/s (+ as many releases), hold latency ${closedLatencies.summary()}`,
  );
  console.log(`  answers: ${[...outcomes].map(([s, n]) => `${s}x${n}`).join(' ')}`);

  outcomes.clear();
  const openLatencies = new Latencies();
  const open = await openLoop(
    RATE,
    SECONDS,
    (i) => holdAndRelease(tokens[i % tokens.length]!),
    openLatencies,
  );
  console.log(
    `service, open loop at ${RATE} holds/s: achieved ${open.achievedRate.toFixed(0)}/s, hold latency ${openLatencies.summary()}`,
  );
  console.log(`  answers: ${[...outcomes].map(([s, n]) => `${s}x${n}`).join(' ')}`);
  client.close();

  const direct = await pgbench({
    url: db.url,
    scriptFile: fileURLToPath(new URL('./hold-release.sql', import.meta.url)),
    clients: WORKERS,
    seconds: SECONDS,
    defines: { showtime: showtimeId, rows: ROWS, pairs: SEATS_PER_ROW / 2 },
  });
  console.log(
    `pgbench, same SQL:     ${direct.tps.toFixed(0)} holds/s (+ as many releases), latency avg ${direct.latencyAvgMs.toFixed(1)} ms per hold+release`,
  );
  console.log(
    `ratio service/pgbench: ${((100 * serviceHolds) / direct.tps).toFixed(0)}% (target >= 40%)`,
  );

  const check = new pg.Client({ connectionString: db.url });
  await check.connect();
  const { rows } = await check.query(`
    SELECT
      (SELECT count(*) FROM (SELECT 1 FROM seat_sales WHERE released_at IS NULL
         GROUP BY showtime_id, label HAVING count(*) > 1) d)::int AS double_sold,
      (SELECT count(*) FROM seats s LEFT JOIN holds h ON h.id = s.hold_id
         WHERE s.state = 'held' AND (h.id IS NULL OR NOT (s.label = ANY (h.seat_labels))))::int AS orphan_held`);
  await check.end();
  console.log(
    `oversold seats: ${rows[0].double_sold}, held seats without their hold: ${rows[0].orphan_held}`,
  );
} finally {
  await service.stop();
  await jwks.close();
  await db.drop();
}
