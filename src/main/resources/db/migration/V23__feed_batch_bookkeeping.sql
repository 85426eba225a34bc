-- Department feed batches (issue 5) confirm thousands of records at a time: every feed row that
-- agrees with the registry, or gives or ends a tag, sets resident.confirmed_at (and the tag row's
-- confirmed_at). Those confirmations are bookkeeping, not facts a policy reads, so they no longer
-- queue the residents for the incremental eligibility re-evaluation of V17: an UPDATE queues a
-- resident only when something besides confirmed_at, updated_at and version changed. (Before, a
-- feed batch queued each of its residents twice, and the eligibility job re-evaluated all seven
-- policies for residents whose facts had not changed.)

CREATE OR REPLACE FUNCTION queue_resident_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'resident' THEN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO resident_change (resident_id)
            SELECT n.id FROM new_rows n
            UNION SELECT m.id FROM new_rows n JOIN resident m ON m.household_id = n.household_id
             WHERE n.household_id IS NOT NULL AND m.id <> n.id;
        ELSE
            -- Every column but the bookkeeping ones (confirmed_at, updated_at, version): a new column
            -- belongs in both lists.
            INSERT INTO resident_change (resident_id)
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (n.name, n.sex, n.birth_date, n.phone, n.community_id, n.grid_id, n.address, n.living_status, n.created_at,
                    n.compound_id, n.household_id, n.relation_to_head, n.source, n.entered_by, n.id_number_cipher, n.id_number_hash,
                    n.education, n.moved_in_on)
                   IS DISTINCT FROM
                   (o.name, o.sex, o.birth_date, o.phone, o.community_id, o.grid_id, o.address, o.living_status, o.created_at,
                    o.compound_id, o.household_id, o.relation_to_head, o.source, o.entered_by, o.id_number_cipher, o.id_number_hash,
                    o.education, o.moved_in_on)
            UNION SELECT m.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                    JOIN resident m ON m.household_id IN (n.household_id, o.household_id)
             WHERE (n.household_id IS NOT NULL OR o.household_id IS NOT NULL) AND m.id <> n.id
               AND (n.household_id IS DISTINCT FROM o.household_id OR n.birth_date <> o.birth_date
                    OR n.living_status <> o.living_status);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO resident_change (resident_id) SELECT DISTINCT o.resident_id FROM old_rows o;
    ELSIF TG_OP = 'UPDATE' THEN
        -- A tag row confirmed (only confirmed_at moved) changes no fact; every other column counts.
        INSERT INTO resident_change (resident_id)
        SELECT DISTINCT n.resident_id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (n.resident_id, n.tag_code, n.level, n.occupation, n.since, n.until, n.source, n.entered_by, n.entered_at,
                n.feed_name, n.feed_record_id, n.feed_version)
               IS DISTINCT FROM
               (o.resident_id, o.tag_code, o.level, o.occupation, o.since, o.until, o.source, o.entered_by, o.entered_at,
                o.feed_name, o.feed_record_id, o.feed_version);
    ELSE
        INSERT INTO resident_change (resident_id) SELECT DISTINCT n.resident_id FROM new_rows n;
    END IF;
    RETURN NULL;
END $$;

-- The tag update trigger needs the old rows too, to tell a confirmation from a change.
DROP TRIGGER resident_tag_changed_update ON resident_tag;
CREATE TRIGGER resident_tag_changed_update AFTER UPDATE ON resident_tag
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_resident_change();

-- A confirmation rewrites the resident row. With confirmed_at in an index, every rewrite inserted
-- an entry into each of the registry's indexes (six to eight per resident, the largest part of a
-- feed batch's time); without it the rewrite is a heap-only (HOT) update when the row's page has
-- room, which a fill factor of 85 keeps for rows written from now on (existing pages get it when
-- the table is rewritten, e.g. VACUUM FULL resident in a maintenance window). The stale-records
-- list of one community (Freshness.stale) reads that community's residents through
-- resident_community_idx instead and sorts its few thousand rows.
ALTER TABLE resident SET (fillfactor = 85);
DROP INDEX resident_community_confirmed_idx;

-- The ledger names the resident a record applied to, for the record: residents are never deleted,
-- and checking the key (and locking the resident row) for each of a batch's 5,000 ledger rows was a
-- tenth of the batch. The upload key stays checked (one row, locked once).
ALTER TABLE feed_record DROP CONSTRAINT feed_record_resident_id_fkey;
