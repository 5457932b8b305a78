// bench/flash-sale: 5,000 customers rush one 300-seat showtime through the edge (connected: the
// edge and showtimes as their own processes on real PostgreSQL, Redis, RabbitMQ). A share of the
// customers (BENCH_MAP_SHARE, default 0.2) pick seats on the map: they read the seat map, ask for
// an adjacent pair, and on 409 try again (up to 3 times) with a fresh map, sending the ETag last
// seen in If-None-Match as a browser does. The rest ask for the best available pair, as most do
// in a rush, and try again (up to 3 times) only when another customer was faster. A won hold is
// confirmed at once (as booking will). Prints a timeline and checks that every seat was sold
// exactly once with no 5xx. Run: npm run bench:flash-sale (BENCH_MAP_SHARE=1: everyone picks).
import { fileURLToPath } from 'node:url';
import { createTestIssuer, serveJwks } from '@marquee/kit/auth';
import { createTestDatabase, TEST_AMQP_URL, TEST_REDIS_URL } from '@marquee/kit/testing';
import pg from 'pg';
import { createClient } from '../lib/load.ts';
import { startProcess } from '../lib/services.ts';
import { insertBenchShowtime } from '../lib/showtime-fixture.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 5000);
const ROWS = 15;
const SEATS_PER_ROW = 20;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const ARRIVAL_SECONDS = 1; // everyone arrives within the first second: a rush
const MAP_SHARE = Number(process.env.BENCH_MAP_SHARE ?? 0.2);

const entry = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const db = await createTestDatabase('marquee_bench_flash');
const issuer = await createTestIssuer();
const jwks = await serveJwks(() => issuer.jwks());
const showtimes = await startProcess(entry('services/showtimes/src/main.ts'), {
  DATABASE_URL: db.url,
  REDIS_URL: TEST_REDIS_URL,
  AMQP_URL: TEST_AMQP_URL,
  JWKS_URL: jwks.url,
  CATALOG_URL: 'http://127.0.0.1:9',
});
const edge = await startProcess(entry('services/edge/src/main.ts'), {
  SHOWTIMES_URL: showtimes.url,
});

interface Bucket {
  requests: number;
  held: number;
  conflicts: number;
  refused: number;
  sold: number;
  errors: number;
}
const BUCKET_MS = 500;
const timeline: Bucket[] = [];
const bucket = (t0: number) => {
  const i = Math.floor((performance.now() - t0) / BUCKET_MS);
  while (timeline.length <= i)
    timeline.push({ requests: 0, held: 0, conflicts: 0, refused: 0, sold: 0, errors: 0 });
  return timeline[i]!;
};

try {
  const showtimeId = await insertBenchShowtime(db.url, ROWS, SEATS_PER_ROW);
  const service = await issuer.sign({ role: 'service' }, { expiresIn: '1h' });
  const tokens = await Promise.all(
    Array.from({ length: CUSTOMERS }, () => issuer.sign({ role: 'customer' }, { expiresIn: '1h' })),
  );
  const client = createClient(edge.url, CONNECTIONS);
  let statuses = new Map<number, number>();
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

  const freePairs = (body: string) => {
    const map = JSON.parse(body) as {
      seats: { label: string; row: string; position: number; state: string }[];
    };
    const free = new Set(map.seats.filter((s) => s.state === 'available').map((s) => s.label));
    const pairs: string[][] = [];
    for (const seat of map.seats) {
      const partner = `${seat.row}S${seat.position + 1}`;
      if (seat.position % 2 === 0 && free.has(seat.label) && free.has(partner))
        pairs.push([seat.label, partner]);
    }
    return pairs;
  };

  const confirm = async (body: string) => {
    const { holdId } = JSON.parse(body) as { holdId: string };
    const sold = await client.call(
      'POST',
      `/api/holds/${holdId}/confirm`,
      {},
      { authorization: `Bearer ${service}` },
    );
    const c = bucket(t0);
    c.requests++;
    count(sold.status);
    if (sold.status === 200) c.sold++;
    else c.errors++;
  };

  const bestAvailable = async (auth: Record<string, string>) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const hold = await client.call(
        'POST',
        `/api/showtimes/${showtimeId}/holds`,
        { quantity: 2 },
        auth,
      );
      const b = bucket(t0);
      b.requests++;
      count(hold.status);
      if (hold.status === 201) {
        b.held++;
        return confirm(hold.body);
      }
      if (hold.status !== 409) return void b.errors++;
      b.conflicts++;
      // No pair left anywhere: sold out for this customer.
      if ((JSON.parse(hold.body) as { reason?: string }).reason === 'no_best_available') return;
    }
  };

  let mapCustomers = 0;
  const t0 = performance.now();
  const customer = async (i: number) => {
    await new Promise((r) => setTimeout(r, Math.random() * ARRIVAL_SECONDS * 1000));
    const auth = { authorization: `Bearer ${tokens[i]}` };
    if (i >= CUSTOMERS * MAP_SHARE) return bestAvailable(auth);
    mapCustomers++;
    // As a browser does: each customer revalidates the map it last saw with its ETag.
    let seen: { etag: string; body: string } | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const map = await client.call(
        'GET',
        `/api/showtimes/${showtimeId}/seats`,
        undefined,
        seen ? { ...auth, 'if-none-match': seen.etag } : auth,
      );
      bucket(t0).requests++;
      count(map.status);
      if (map.status === 200 && map.etag) seen = { etag: map.etag, body: map.body };
      else if (map.status !== 304 || !seen) return void bucket(t0).errors++;
      const pairs = freePairs(seen?.body ?? map.body);
      if (pairs.length === 0) return; // sold out
      const seats = pairs[Math.floor(Math.random() * pairs.length)];
      const hold = await client.call('POST', `/api/showtimes/${showtimeId}/holds`, { seats }, auth);
      const b = bucket(t0);
      b.requests++;
      count(hold.status);
      if (hold.status === 409) {
        b.conflicts++;
        continue;
      }
      if (hold.status === 422) {
        b.refused++;
        continue;
      }
      if (hold.status !== 201) return void b.errors++;
      b.held++;
      return confirm(hold.body);
    }
  };
  await Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => customer(i)));
  const seconds = (performance.now() - t0) / 1000;
  client.close();

  console.log(
    `bench/flash-sale: ${CUSTOMERS} customers (${mapCustomers} picking on the map, ` +
      `${CUSTOMERS - mapCustomers} asking for the best available pair), ` +
      `${ROWS * SEATS_PER_ROW} seats, through the edge`,
  );
  console.log(' t(s)  requests  held  409  422  sold  errors');
  timeline.forEach((b, i) =>
    console.log(
      `${((i * BUCKET_MS) / 1000).toFixed(1).padStart(5)} ${String(b.requests).padStart(9)} ${String(b.held).padStart(5)} ${String(b.conflicts).padStart(4)} ${String(b.refused).padStart(4)} ${String(b.sold).padStart(5)} ${String(b.errors).padStart(7)}`,
    ),
  );
  const check = new pg.Client({ connectionString: db.url });
  await check.connect();
  const { rows } = await check.query(
    `SELECT
       (SELECT count(*) FROM seats WHERE showtime_id = $1 AND state = 'sold')::int AS sold_seats,
       (SELECT count(*) FROM seat_sales WHERE showtime_id = $1 AND released_at IS NULL)::int AS live_sales,
       (SELECT count(*) FROM (SELECT 1 FROM seat_sales WHERE showtime_id = $1 AND released_at IS NULL
          GROUP BY label HAVING count(*) > 1) d)::int AS double_sold`,
    [showtimeId],
  );
  await check.end();
  const fiveXX = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  console.log(`answers: ${[...statuses].map(([s, n]) => `${s}x${n}`).join(' ')}`);
  console.log(
    `finished in ${seconds.toFixed(1)} s (target < 10 s); seats sold ${rows[0].sold_seats}/${ROWS * SEATS_PER_ROW}, ` +
      `live sales ${rows[0].live_sales}, sold twice ${rows[0].double_sold}, 5xx ${fiveXX}`,
  );
  statuses = new Map();
} finally {
  await edge.stop();
  await showtimes.stop();
  await jwks.close();
  await db.drop();
}
