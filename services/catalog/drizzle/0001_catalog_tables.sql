CREATE TABLE "movies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"synopsis" text NOT NULL,
	"runtime_minutes" integer NOT NULL,
	"rating" text NOT NULL,
	"genres" text[] DEFAULT '{}'::text[] NOT NULL,
	"cast_members" text[] DEFAULT '{}'::text[] NOT NULL,
	"release_date" date NOT NULL,
	"poster_url" text,
	"trailer_url" text,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', catalog_join_text(cast_members)), 'B') || setweight(to_tsvector('english', coalesce(synopsis, '')), 'C')) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "movies_rating_check" CHECK ("movies"."rating" in ('G', 'PG', 'PG-13', 'R', 'NC-17', 'NR')),
	CONSTRAINT "movies_genres_check" CHECK ("movies"."genres" <@ array['action', 'adventure', 'animation', 'comedy', 'crime', 'documentary', 'drama', 'family', 'fantasy', 'historical', 'horror', 'musical', 'mystery', 'romance', 'science-fiction', 'sports', 'thriller', 'war', 'western']::text[]),
	CONSTRAINT "movies_runtime_check" CHECK ("movies"."runtime_minutes" between 1 and 600)
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
CREATE TABLE "screen_layouts" (
	"screen_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"layout" jsonb NOT NULL,
	"seat_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "screen_layouts_screen_id_version_pk" PRIMARY KEY("screen_id","version"),
	CONSTRAINT "screen_layouts_version_check" CHECK ("screen_layouts"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "screens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"theater_id" uuid NOT NULL,
	"name" text NOT NULL,
	"current_layout_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "theaters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"city" text NOT NULL,
	"timezone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "screen_layouts" ADD CONSTRAINT "screen_layouts_screen_id_screens_id_fk" FOREIGN KEY ("screen_id") REFERENCES "public"."screens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screens" ADD CONSTRAINT "screens_theater_id_theaters_id_fk" FOREIGN KEY ("theater_id") REFERENCES "public"."theaters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "movies_search_idx" ON "movies" USING gin ("search");--> statement-breakpoint
CREATE INDEX "movies_genres_idx" ON "movies" USING gin ("genres");--> statement-breakpoint
CREATE INDEX "movies_release_date_idx" ON "movies" USING btree ("release_date") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("occurred_at") WHERE "outbox"."published_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "screens_theater_name_key" ON "screens" USING btree ("theater_id",lower("name"));--> statement-breakpoint
CREATE INDEX "theaters_city_idx" ON "theaters" USING btree (lower("city"));