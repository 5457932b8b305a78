-- The SQL one confirmed booking costs in the booking database, statement for statement as the
-- service sends it on the happy path (captured with log_statement; services/booking/src/db/ and
-- packages/kit/src/http/idempotency.ts): POST /api/bookings is 2 statements and a transaction of
-- 3, POST /api/bookings/{id}/pay 5 statements and a transaction of 4; 18 round trips in all with
-- each BEGIN and COMMIT, 8 commits. Not
-- included: the outbox relay (it claims and marks events in batches) and the recovery/expiry polls.
-- The service passes ids, times, ticket codes (~370 characters, ES256-signed) and response bodies
-- as parameters; here md5() of random numbers, now() and strings of the same size stand in.
\set b1 random(1, 2000000000)
\set b2 random(1, 2000000000)
\set c random(1, 200)
-- POST /api/bookings
INSERT INTO idempotency_keys (caller, key, route, request_hash, state, created_at)
VALUES (md5('c' || :c)::uuid::text, md5('k1:' || :b1 || ':' || :b2)::uuid::text,
  'POST /api/bookings', md5('r1:' || :b1) || md5('r1:' || :b2), 'in_progress', now())
ON CONFLICT DO NOTHING RETURNING key;
BEGIN;
INSERT INTO bookings (id, customer_id, showtime_id, hold_id, status, pay_step, payment_attempt,
  payment_id, currency, total_amount, paid_amount, refunded_amount, expires_at, showtime_starts_at,
  showtime_cancelled_at, failure_reason, last_payment_error, created_at, updated_at, confirmed_at,
  ended_at)
VALUES (md5('b:' || :b1 || ':' || :b2)::uuid, md5('c' || :c)::uuid, md5('s' || :c % 40)::uuid,
  md5('h:' || :b1 || ':' || :b2)::uuid, 'awaiting_payment', NULL, 0, NULL, 'EUR', 1800, 0, 0,
  now() + interval '8 minutes', now() + interval '1 day', NULL, NULL, NULL, now(), now(), NULL,
  NULL);
INSERT INTO booking_items (booking_id, seat, category, ticket_type, price)
VALUES (md5('b:' || :b1 || ':' || :b2)::uuid, 'K10', 'standard', 'adult', 900),
  (md5('b:' || :b1 || ':' || :b2)::uuid, 'K11', 'standard', 'adult', 900);
INSERT INTO outbox (id, type, routing_key, payload, headers, occurred_at)
VALUES (gen_random_uuid(), 'booking.created.v1', 'booking.created.v1',
  jsonb_build_object('bookingId', md5('b:' || :b1 || ':' || :b2)::uuid, 'seats', '["K10","K11"]'::jsonb,
    'amount', 1800, 'currency', 'EUR', 'customerId', md5('c' || :c)::uuid,
    'showtimeId', md5('s' || :c % 40)::uuid, 'expiresAt', now()),
  jsonb_build_object('traceparent', '00-' || md5('t' || :b1) || '-' || left(md5('t' || :b2), 16) || '-01'),
  now());
COMMIT;
UPDATE idempotency_keys SET state = 'done', response_status = 201,
  response_body = jsonb_build_object('id', md5('b:' || :b1 || ':' || :b2)::uuid, 'status', 'awaiting_payment',
    'tickets', jsonb_build_array(repeat('x', 190), repeat('y', 190)), 'rest', repeat('z', 420)),
  response_headers = jsonb_build_object('location', '/api/bookings/' || md5('b:' || :b1 || ':' || :b2)::uuid),
  completed_at = now()
WHERE caller = md5('c' || :c)::uuid::text AND key = md5('k1:' || :b1 || ':' || :b2)::uuid::text
  AND state = 'in_progress'
RETURNING key;
-- POST /api/bookings/{id}/pay (the showtimes and payments calls happen between these)
INSERT INTO idempotency_keys (caller, key, route, request_hash, state, created_at)
VALUES (md5('c' || :c)::uuid::text, md5('k2:' || :b1 || ':' || :b2)::uuid::text,
  'POST /api/bookings/' || md5('b:' || :b1 || ':' || :b2)::uuid || '/pay',
  md5('r2:' || :b1) || md5('r2:' || :b2), 'in_progress', now())
ON CONFLICT DO NOTHING RETURNING key;
SELECT * FROM bookings WHERE id = md5('b:' || :b1 || ':' || :b2)::uuid;
UPDATE bookings SET status = 'paying', pay_step = 'charging', payment_attempt = 1,
  expires_at = now() + interval '13 minutes', last_payment_error = NULL, updated_at = now()
WHERE id = md5('b:' || :b1 || ':' || :b2)::uuid AND status = 'awaiting_payment' AND pay_step IS NULL
RETURNING *;
UPDATE bookings SET pay_step = 'charged', payment_id = md5('p:' || :b1 || ':' || :b2)::uuid,
  paid_amount = 1800, updated_at = now()
WHERE id = md5('b:' || :b1 || ':' || :b2)::uuid AND status = 'paying' AND pay_step = 'charging'
RETURNING *;
BEGIN;
UPDATE bookings SET hold_id = md5('h:' || :b1 || ':' || :b2)::uuid, status = 'confirmed',
  pay_step = NULL, updated_at = now(), confirmed_at = now()
WHERE id = md5('b:' || :b1 || ':' || :b2)::uuid AND status = 'paying' AND pay_step = 'charged'
RETURNING *;
SELECT * FROM booking_items WHERE booking_id = md5('b:' || :b1 || ':' || :b2)::uuid ORDER BY seat;
INSERT INTO tickets (id, booking_id, showtime_id, seat, ticket_type, code, issued_at)
VALUES (md5('t1:' || :b1 || ':' || :b2)::uuid, md5('b:' || :b1 || ':' || :b2)::uuid,
    md5('s' || :c % 40)::uuid, 'K10', 'adult', repeat(md5('t1:' || :b1 || ':' || :b2), 11) || 'ab', now()),
  (md5('t2:' || :b1 || ':' || :b2)::uuid, md5('b:' || :b1 || ':' || :b2)::uuid,
    md5('s' || :c % 40)::uuid, 'K11', 'adult', repeat(md5('t2:' || :b1 || ':' || :b2), 11) || 'ab', now())
ON CONFLICT (booking_id, seat) DO NOTHING
RETURNING *;
INSERT INTO outbox (id, type, routing_key, payload, headers, occurred_at)
VALUES (gen_random_uuid(), 'booking.confirmed.v1', 'booking.confirmed.v1',
  jsonb_build_object('bookingId', md5('b:' || :b1 || ':' || :b2)::uuid, 'seats', '["K10","K11"]'::jsonb,
    'amount', 1800, 'currency', 'EUR', 'customerId', md5('c' || :c)::uuid,
    'showtimeId', md5('s' || :c % 40)::uuid, 'paymentId', md5('p:' || :b1 || ':' || :b2)::uuid,
    'tickets', jsonb_build_array(
      jsonb_build_object('seat', 'K10', 'ticketId', md5('t1:' || :b1 || ':' || :b2)::uuid),
      jsonb_build_object('seat', 'K11', 'ticketId', md5('t2:' || :b1 || ':' || :b2)::uuid))),
  jsonb_build_object('traceparent', '00-' || md5('u' || :b1) || '-' || left(md5('u' || :b2), 16) || '-01'),
  now());
COMMIT;
UPDATE idempotency_keys SET state = 'done', response_status = 200,
  response_body = jsonb_build_object('id', md5('b:' || :b1 || ':' || :b2)::uuid, 'status', 'confirmed',
    'tickets', jsonb_build_array(repeat('x', 560), repeat('y', 560)), 'rest', repeat('z', 420)),
  response_headers = '{}'::jsonb, completed_at = now()
WHERE caller = md5('c' || :c)::uuid::text AND key = md5('k2:' || :b1 || ':' || :b2)::uuid::text
  AND state = 'in_progress'
RETURNING key;
