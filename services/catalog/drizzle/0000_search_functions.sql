-- Functions the catalog tables rely on. Custom SQL: drizzle-kit does not model functions.
-- array_to_string is only STABLE, which a generated column may not call; joining text with a
-- fixed separator cannot change between calls, so this wrapper is safely IMMUTABLE.
CREATE OR REPLACE FUNCTION catalog_join_text(items text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN coalesce(array_to_string(items, ' '), '');
--> statement-breakpoint
-- Layout versions are snapshotted by showtimes; once written they must never change.
CREATE OR REPLACE FUNCTION catalog_refuse_layout_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'screen layout versions are immutable (screen %, version %)', OLD.screen_id, OLD.version
    USING ERRCODE = 'restrict_violation';
END;
$$;
