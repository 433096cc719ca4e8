-- A version of the stored cycle cells: set to the changing transaction's id by every change to
-- `cycle_rollups` or `cycle_rebuilds` (a statement trigger, so rolls, rebuilds, new schemes,
-- voids and cascades all move it). A page view reads the cycle cells of its subscriptions with
-- this version in one statement; the process keeps them, and the next view of the same cycles
-- that finds the same version reads only the queued tail. Transaction ids are never reused in a
-- cluster, so a version names one state of one database's cells (a database cloned from a
-- template starts at the template's 0, hence readers also compare the database). Only the
-- roller and rebuilds write these tables, under the roller's lock, so the row is not contended.
CREATE TABLE cycle_cells_version (
    only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
    n BIGINT NOT NULL
);
INSERT INTO cycle_cells_version (only_row, n) VALUES (true, 0);

CREATE FUNCTION md_cycle_cells_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cycle_cells_version SET n = pg_current_xact_id()::text::int8;
    RETURN NULL;
END $$;

CREATE TRIGGER cycle_cells_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cycle_rollups
    FOR EACH STATEMENT EXECUTE FUNCTION md_cycle_cells_changed();
CREATE TRIGGER cycle_cells_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cycle_rebuilds
    FOR EACH STATEMENT EXECUTE FUNCTION md_cycle_cells_changed();
