CREATE SEQUENCE "public"."seat_change_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "holds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"showtime_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"seat_labels" text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"extensions" smallint DEFAULT 0 NOT NULL,
	"ended_at" timestamp with time zone,
	"booking_ref" text
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
CREATE TABLE "seat_sales" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"showtime_id" uuid NOT NULL,
	"label" text NOT NULL,
	"hold_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"sold_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "seats" (
	"showtime_id" uuid NOT NULL,
	"label" text NOT NULL,
	"row_name" text NOT NULL,
	"position" smallint NOT NULL,
	"category" text NOT NULL,
	"state" text DEFAULT 'available' NOT NULL,
	"hold_id" uuid,
	"held_until" timestamp with time zone,
	"holder_id" uuid,
	"change_seq" bigint DEFAULT nextval('seat_change_seq') NOT NULL,
	CONSTRAINT "seats_showtime_id_label_pk" PRIMARY KEY("showtime_id","label"),
	CONSTRAINT "seats_held_has_expiry" CHECK (("seats"."state" = 'held') = ("seats"."held_until" IS NOT NULL)),
	CONSTRAINT "seats_taken_has_hold" CHECK (("seats"."state" IN ('held', 'sold')) = ("seats"."hold_id" IS NOT NULL)),
	CONSTRAINT "seats_taken_has_holder" CHECK (("seats"."state" IN ('held', 'sold')) = ("seats"."holder_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "showtimes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"movie_id" uuid NOT NULL,
	"theater_id" uuid NOT NULL,
	"screen_id" uuid NOT NULL,
	"layout_version" integer NOT NULL,
	"time_zone" text NOT NULL,
	"movie_title" text NOT NULL,
	"runtime_minutes" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"price_table" jsonb NOT NULL,
	"sales_open_at" timestamp with time zone NOT NULL,
	"sales_close_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "showtimes_ends_after_start" CHECK ("showtimes"."ends_at" > "showtimes"."starts_at"),
	CONSTRAINT "showtimes_sales_window" CHECK ("showtimes"."sales_open_at" < "showtimes"."sales_close_at")
);
--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_showtime_id_showtimes_id_fk" FOREIGN KEY ("showtime_id") REFERENCES "public"."showtimes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_sales" ADD CONSTRAINT "seat_sales_showtime_id_showtimes_id_fk" FOREIGN KEY ("showtime_id") REFERENCES "public"."showtimes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_showtime_id_showtimes_id_fk" FOREIGN KEY ("showtime_id") REFERENCES "public"."showtimes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "holds_customer_showtime_idx" ON "holds" USING btree ("customer_id","showtime_id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("occurred_at") WHERE "outbox"."published_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "seat_sales_one_live_sale" ON "seat_sales" USING btree ("showtime_id","label") WHERE "seat_sales"."released_at" IS NULL;--> statement-breakpoint
CREATE INDEX "seats_hold_idx" ON "seats" USING btree ("hold_id");--> statement-breakpoint
CREATE INDEX "seats_showtime_seq_idx" ON "seats" USING btree ("showtime_id","change_seq");--> statement-breakpoint
CREATE INDEX "seats_expiry_idx" ON "seats" USING btree ("held_until") WHERE "seats"."state" = 'held';--> statement-breakpoint
CREATE INDEX "showtimes_movie_starts_idx" ON "showtimes" USING btree ("movie_id","starts_at");--> statement-breakpoint
CREATE INDEX "showtimes_theater_starts_idx" ON "showtimes" USING btree ("theater_id","starts_at");