-- A department feed batch inserts thousands of tag rows and ledger rows in one statement each. The
-- foreign keys checked them one row at a time, and each check takes a KEY SHARE lock on the row it
-- finds: on every resident given a tag (writing a lock into 5,000 resident rows a batch), on the
-- one tag_definition row of the feed's tag and on the upload's own row, both locked by every row
-- of both lanes while the upload row is updated for progress, so the locks became multixacts. In
-- the 1,000,000-row benchmark those checks cost about half of each batch (tag insert 251 ms -> 80
-- ms, ledger insert 158 ms -> 76 ms a batch).
--
-- The references are now checked once per statement, with one index probe per row and no locks.
-- That is enough because what they point to is never removed by the application: residents stay
-- (a death is a status), tag definitions are only ever added, uploads are kept. The triggers that
-- replace ON DELETE CASCADE and the refusal to remove a definition in use keep the rest as it was.

ALTER TABLE resident_tag DROP CONSTRAINT resident_tag_resident_id_fkey;
ALTER TABLE resident_tag DROP CONSTRAINT resident_tag_tag_code_fkey;
ALTER TABLE feed_record DROP CONSTRAINT feed_record_upload_id_fkey;

-- The same error a foreign key raises (23503), naming the first missing reference.
CREATE FUNCTION check_resident_tag_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing text;
BEGIN
    IF TG_LEVEL = 'ROW' THEN
        -- An update that moves a tag (no statement does): checked row by row, so that the feed's
        -- confirmations and endings of thousands of tags carry no transition table.
        SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM resident x WHERE x.id = NEW.resident_id) THEN 'resident ' || NEW.resident_id || ' does not exist'
                    WHEN NOT EXISTS (SELECT 1 FROM tag_definition x WHERE x.code = NEW.tag_code) THEN 'tag ' || NEW.tag_code || ' is not defined' END
          INTO missing;
    ELSE
        -- LATERAL ... LIMIT 1: one primary-key probe per new row, whatever the planner guesses for
        -- the transition table (a hash join would read every resident).
        SELECT CASE WHEN r.found IS NULL THEN 'resident ' || n.resident_id || ' does not exist'
                    ELSE 'tag ' || n.tag_code || ' is not defined' END INTO missing
          FROM new_rows n
          LEFT JOIN LATERAL (SELECT true AS found FROM resident x WHERE x.id = n.resident_id LIMIT 1) r ON true
          LEFT JOIN LATERAL (SELECT true AS found FROM tag_definition x WHERE x.code = n.tag_code LIMIT 1) d ON true
         WHERE r.found IS NULL OR d.found IS NULL
         LIMIT 1;
    END IF;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', TABLE = 'resident_tag', MESSAGE = missing;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER resident_tag_references_insert AFTER INSERT ON resident_tag
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_resident_tag_references();
CREATE TRIGGER resident_tag_references_update AFTER UPDATE OF resident_id, tag_code ON resident_tag FOR EACH ROW
    WHEN ((NEW.resident_id, NEW.tag_code) IS DISTINCT FROM (OLD.resident_id, OLD.tag_code))
    EXECUTE FUNCTION check_resident_tag_references();

-- What ON DELETE CASCADE did: a resident removed (only ever by hand) takes their rows along. One
-- function for every table that lost its cascade; V27 adds the leads.
CREATE FUNCTION delete_rows_of_removed_residents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM resident_tag t USING old_rows o WHERE t.resident_id = o.id;
    RETURN NULL;
END $$;
CREATE TRIGGER resident_removed_rows AFTER DELETE ON resident
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION delete_rows_of_removed_residents();

-- What the foreign key refused: removing, or renaming, a tag definition that residents carry.
CREATE FUNCTION refuse_removing_used_tags() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    used text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT o.code INTO used FROM old_rows o
         WHERE EXISTS (SELECT 1 FROM resident_tag t WHERE t.tag_code = o.code) LIMIT 1;
    ELSE
        SELECT o.code INTO used FROM old_rows o
         WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.code = o.code)
           AND EXISTS (SELECT 1 FROM resident_tag t WHERE t.tag_code = o.code) LIMIT 1;
    END IF;
    IF used IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', TABLE = 'tag_definition',
            MESSAGE = format('tag %s is carried by residents', used);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER tag_definition_removed AFTER DELETE ON tag_definition
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_removing_used_tags();
CREATE TRIGGER tag_definition_renamed AFTER UPDATE ON tag_definition
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_removing_used_tags();

-- The ledger names its upload; every ledger row is written by a batch of that upload, in its
-- transaction, and uploads are never deleted.
CREATE FUNCTION check_feed_record_upload() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing bigint;
BEGIN
    SELECT u.upload_id INTO missing FROM (SELECT DISTINCT n.upload_id FROM new_rows n) u
     WHERE NOT EXISTS (SELECT 1 FROM feed_upload f WHERE f.id = u.upload_id) LIMIT 1;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', TABLE = 'feed_record',
            MESSAGE = format('feed upload %s does not exist', missing);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER feed_record_upload_insert AFTER INSERT ON feed_record
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_feed_record_upload();
