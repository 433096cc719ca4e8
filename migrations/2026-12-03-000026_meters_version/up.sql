-- A counter that moves with every change to `meters`, in the changing transaction (a statement
-- trigger, so that a change made by hand or by another process moves it too). What a process
-- keeps of the meters, read in one statement with the counter, is current for as long as the
-- counter reads the same: a page view reads it with the operator's session and skips the
-- meters' own read. Meters change at an operator's hand (create, edit, archive), so the one
-- row is not hot.
CREATE TABLE meters_version (
    only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
    n BIGINT NOT NULL
);
INSERT INTO meters_version (only_row, n) VALUES (true, 0);

CREATE FUNCTION md_meters_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE meters_version SET n = n + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER meters_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON meters
    FOR EACH STATEMENT EXECUTE FUNCTION md_meters_changed();
