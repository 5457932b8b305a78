-- The hold-and-release path as the showtimes service runs it, statement for statement
-- (services/showtimes/src/db/hold-path.repository.ts), for pgbench: the same locks, conditional
-- updates, hold rows and outbox rows, with no HTTP, no JSON and no application code in between.
-- A hold is BEGIN, 3 statements, COMMIT; a release is BEGIN, 2 statements, COMMIT. The service
-- passes "now" as a parameter and makes ids and event payloads itself; here now(), md5() of
-- random numbers and a constant payload stand in. :showtime, :rows, :pairs come from -D.
\set r random(1, :rows)
\set p random(0, :pairs - 1)
\set c random(1, 1000000)
\set h1 random(1, 2000000000)
\set h2 random(1, 2000000000)
BEGIN;
WITH customer_lock AS (
  SELECT pg_advisory_xact_lock(hashtextextended('hold:' || :showtime || ':' || md5(:c::text)::uuid, 0))
)
SELECT s.id, s.status, s.sales_open_at, s.sales_close_at
FROM customer_lock, showtimes AS s
WHERE s.id = :showtime
FOR SHARE OF s;
WITH customer_seats AS (
  SELECT count(*)::int AS n FROM seats
  WHERE showtime_id = :showtime AND holder_id = md5(:c::text)::uuid
    AND (state = 'sold' OR (state = 'held' AND held_until > now()))
)
SELECT s.label, s.row_name, s.position, s.category, s.state, s.hold_id, s.held_until,
  s.holder_id, (SELECT n FROM customer_seats) AS customer_seats
FROM seats AS s
WHERE s.showtime_id = :showtime AND s.row_name IN (
  SELECT row_name FROM seats
  WHERE showtime_id = :showtime
    AND upper(label) = ANY (ARRAY['R' || :r || 'S' || (2 * :p), 'R' || :r || 'S' || (2 * :p + 1)]))
ORDER BY s.row_name, s.position
FOR UPDATE OF s;
WITH taken AS (
  UPDATE seats SET state = 'held', hold_id = md5(:h1 || ':' || :h2)::uuid,
    holder_id = md5(:c::text)::uuid, held_until = now() + interval '8 minutes',
    change_seq = nextval('seat_change_seq')
  WHERE showtime_id = :showtime
    AND label = ANY (ARRAY['R' || :r || 'S' || (2 * :p), 'R' || :r || 'S' || (2 * :p + 1)])
    AND (state = 'available' OR (state = 'held' AND held_until <= now()))
  RETURNING label
), hold AS (
  INSERT INTO holds (id, showtime_id, customer_id, seat_labels, status, created_at, expires_at)
  SELECT md5(:h1 || ':' || :h2)::uuid, :showtime, md5(:c::text)::uuid,
    ARRAY['R' || :r || 'S' || (2 * :p), 'R' || :r || 'S' || (2 * :p + 1)],
    'active', now(), now() + interval '8 minutes'
  WHERE (SELECT count(*) FROM taken) = 2
  RETURNING id
), event AS (
  INSERT INTO outbox (id, type, routing_key, payload, headers, occurred_at)
  SELECT gen_random_uuid(), 'seat.held.v1', 'seat.held.v1', jsonb_build_object('bench', 1),
    '{}'::jsonb, now()
  FROM hold
)
SELECT label FROM taken;
COMMIT;
BEGIN;
WITH hold_seats AS (
  SELECT label, state, row_name, position FROM seats WHERE hold_id = md5(:h1 || ':' || :h2)::uuid
  ORDER BY row_name, position
  FOR UPDATE
), held AS (
  SELECT coalesce(array_agg(label ORDER BY row_name, position)
    FILTER (WHERE state = 'held'), '{}') AS held_seats
  FROM hold_seats
)
SELECT h.*, held.held_seats FROM held, holds AS h
WHERE h.id = md5(:h1 || ':' || :h2)::uuid
FOR UPDATE OF h;
WITH freed AS (
  UPDATE seats SET state = 'available', hold_id = NULL, holder_id = NULL,
    held_until = NULL, change_seq = nextval('seat_change_seq')
  WHERE hold_id = md5(:h1 || ':' || :h2)::uuid AND state = 'held'
  RETURNING label
), ended AS (
  UPDATE holds SET status = 'released', ended_at = now()
  WHERE id = md5(:h1 || ':' || :h2)::uuid AND status = 'active'
  RETURNING id
), event AS (
  INSERT INTO outbox (id, type, routing_key, payload, headers, occurred_at)
  SELECT gen_random_uuid(), 'seat.released.v1', 'seat.released.v1', jsonb_build_object('bench', 1),
    '{}'::jsonb, now()
  FROM ended
)
SELECT (SELECT count(*) FROM freed)::int AS freed, (SELECT count(*) FROM ended)::int AS ended;
COMMIT;
