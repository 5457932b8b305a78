CREATE TABLE "booking_items" (
	"booking_id" uuid NOT NULL,
	"seat" text NOT NULL,
	"category" text NOT NULL,
	"ticket_type" text NOT NULL,
	"price" integer NOT NULL,
	"cancelled_at" timestamp with time zone,
	"refunded_amount" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "booking_items_booking_id_seat_pk" PRIMARY KEY("booking_id","seat")
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"showtime_id" uuid NOT NULL,
	"hold_id" uuid NOT NULL,
	"status" text NOT NULL,
	"pay_step" text,
	"payment_attempt" integer DEFAULT 0 NOT NULL,
	"payment_id" uuid,
	"currency" text NOT NULL,
	"total_amount" integer NOT NULL,
	"paid_amount" integer DEFAULT 0 NOT NULL,
	"refunded_amount" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"showtime_starts_at" timestamp with time zone NOT NULL,
	"failure_reason" text,
	"last_payment_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	CONSTRAINT "bookings_amounts" CHECK (total_amount >= 0 AND refunded_amount <= paid_amount)
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"caller" text NOT NULL,
	"key" text NOT NULL,
	"route" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" text DEFAULT 'in_progress' NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"response_headers" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "idempotency_keys_caller_key_pk" PRIMARY KEY("caller","key"),
	CONSTRAINT "idempotency_keys_done_has_response" CHECK (("idempotency_keys"."state" = 'done') = ("idempotency_keys"."response_status" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"routing_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"booking_id" uuid NOT NULL,
	"showtime_id" uuid NOT NULL,
	"seat" text NOT NULL,
	"ticket_type" text NOT NULL,
	"code" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"voided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "booking_items" ADD CONSTRAINT "booking_items_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_hold_unique" ON "bookings" USING btree ("hold_id");--> statement-breakpoint
CREATE INDEX "bookings_customer_created" ON "bookings" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "bookings_showtime" ON "bookings" USING btree ("showtime_id");--> statement-breakpoint
CREATE INDEX "bookings_in_flight" ON "bookings" USING btree ("status","updated_at") WHERE status IN ('awaiting_payment', 'paying');--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("occurred_at") WHERE "outbox"."published_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_code_unique" ON "tickets" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_booking_seat_unique" ON "tickets" USING btree ("booking_id","seat");--> statement-breakpoint
CREATE INDEX "tickets_showtime" ON "tickets" USING btree ("showtime_id");