CREATE INDEX "seats_showtime_upper_label_idx" ON "seats" USING btree ("showtime_id",upper("label"));--> statement-breakpoint
CREATE INDEX "seats_showtime_row_idx" ON "seats" USING btree ("showtime_id","row_name","position");--> statement-breakpoint
CREATE INDEX "seats_showtime_holder_idx" ON "seats" USING btree ("showtime_id","holder_id");