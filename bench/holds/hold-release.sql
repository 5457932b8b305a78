-- The hold-and-release path as the showtimes service runs it, statement for statement, for
-- pgbench: the same locks, conditional updates, hold rows and outbox rows, with no HTTP, no
-- JSON and no application code in between. :showtime, :customer_base, :rows, :pairs come from -D.
\set r random(1, :rows)
\set p random(0, :pairs - 1)
\set c random(1, 1000000)
BEGIN;
SELECT pg_advisory_xact_lock(hashtextextended('hold:' || :showtime || ':' || :c, 0));
SELECT id, status, sales_open_at, sales_close_at FROM showtimes WHERE id = :showtime FOR SHARE;
SELECT count(*)::int FROM seats WHERE showtime_id = :showtime AND holder_id = md5(:c::text)::uuid
  AND (state = 'sold' OR (state = 'held' AND held_until > now()));
SELECT * FROM seats WHERE showtime_id = :showtime AND row_name IN (
  SELECT DISTINCT row_name FROM seats WHERE showtime_id = :showtime
    AND upper(label) IN ('R' || :r || 'S' || (2 * :p), 'R' || :r || 'S' || (2 * :p + 1)))
  ORDER BY row_name, position FOR UPDATE;
INSERT INTO holds (id, showtime_id, customer_id, seat_labels, created_at, expires_at)
  VALUES (gen_random_uuid(), :showtime, md5(:c::text)::uuid,
    ARRAY['R' || :r || 'S' || (2 * :p), 'R' || :r || 'S' || (2 * :p + 1)], now(), now() + interval '8 minutes')
  RETURNING id AS hold_id \gset
UPDATE seats SET state = 'held', hold_id = :hold_id, holder_id = md5(:c::text)::uuid,
    held_until = now() + interval '8 minutes', change_seq = nextval('seat_change_seq')
  WHERE showtime_id = :showtime AND label IN ('R' || :r || 'S' || (2 * :p), 'R' || :r || 'S' || (2 * :p + 1))
    AND (state = 'available' OR (state = 'held' AND held_until <= now()))
  RETURNING label;
INSERT INTO outbox (id, type, routing_key, payload, headers)
  VALUES (gen_random_uuid(), 'seat.held.v1', 'seat.held.v1', jsonb_build_object('bench', 1), '{}');
COMMIT;
BEGIN;
SELECT * FROM holds WHERE id = :hold_id FOR UPDATE;
SELECT * FROM seats WHERE hold_id = :hold_id ORDER BY row_name, position FOR UPDATE;
UPDATE seats SET state = 'available', hold_id = NULL, holder_id = NULL, held_until = NULL,
    change_seq = nextval('seat_change_seq')
  WHERE hold_id = :hold_id AND state = 'held' RETURNING label;
UPDATE holds SET status = 'released', ended_at = now() WHERE id = :hold_id;
INSERT INTO outbox (id, type, routing_key, payload, headers)
  VALUES (gen_random_uuid(), 'seat.released.v1', 'seat.released.v1', jsonb_build_object('bench', 1), '{}');
COMMIT;
