-- A layout version, once written, stays as it was: showtimes snapshot it and tickets point at its seats.
CREATE TRIGGER screen_layouts_immutable
  BEFORE UPDATE OR DELETE ON screen_layouts
  FOR EACH ROW EXECUTE FUNCTION catalog_refuse_layout_change();
