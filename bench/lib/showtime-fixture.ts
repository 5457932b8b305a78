// A showtime on sale with a rows x seats grid (labels R<row>S<seat>), written straight into the
// showtimes database: benchmarks measure holds, not scheduling.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export async function insertBenchShowtime(
  url: string,
  rows: number,
  seatsPerRow: number,
): Promise<string> {
  const id = randomUUID();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const amounts = { adult: 1200, child: 800, senior: 900 };
    const priceTable = {
      currency: 'EUR',
      prices: { standard: amounts, premium: amounts, wheelchair: amounts, companion: amounts },
    };
    await client.query(
      `INSERT INTO showtimes (id, movie_id, theater_id, screen_id, layout_version, time_zone, movie_title,
         runtime_minutes, starts_at, ends_at, price_table, sales_open_at, sales_close_at)
       VALUES ($1, $2, $3, $4, 1, 'Europe/Lisbon', 'Benchmark', 100, now() + interval '1 day',
         now() + interval '1 day 2 hours', $5, now() - interval '1 hour', now() + interval '1 day')`,
      [id, randomUUID(), randomUUID(), randomUUID(), JSON.stringify(priceTable)],
    );
    await client.query(
      `INSERT INTO seats (showtime_id, label, row_name, position, category)
       SELECT $1, 'R' || r || 'S' || s, 'R' || r, s, 'standard'
       FROM generate_series(1, $2::int) r, generate_series(0, $3::int - 1) s`,
      [id, rows, seatsPerRow],
    );
    return id;
  } finally {
    await client.end();
  }
}
