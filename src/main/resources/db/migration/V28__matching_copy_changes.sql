-- Each instance keeps what ranking needs in memory (volunteer.MatchingCopy): every person's home,
-- community, skills and certificates, weekly availability, cap, no-shows, recent ledger entries and
-- bookings. It replaces V25's copy of the skill holders, whose single counter row every writer had to
-- lock: a copy of bookings and the ledger would have made every sign-up and check-out wait on it.
--
-- Instead every statement that changes those rows notes the people it touched, stamped with its
-- transaction id. A copy remembers the snapshot it was read at; the changes it lacks are exactly the
-- notes whose transaction that snapshot did not see as committed (pg_visible_in_snapshot). Writers
-- take no shared lock, and a transaction that commits late is still found, whatever its id.
CREATE TABLE matching_change (
    xid          xid8 NOT NULL DEFAULT pg_current_xact_id(),
    -- NULL: something every ranking depends on changed (skills' rules, communities' streets, a
    -- truncate, or a statement touching very many people): read everything again.
    volunteer_id bigint,
    at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX matching_change_xid_idx ON matching_change (xid) INCLUDE (volunteer_id);
CREATE INDEX matching_change_at_idx ON matching_change (at);

-- Notes older than an hour are removed (MatchingCopy's check); the latest removed transaction id is
-- kept so that a copy read before it knows it can no longer catch up and must read everything.
CREATE TABLE matching_change_pruned (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    through xid8 NOT NULL
);
INSERT INTO matching_change_pruned (through) VALUES ('0');

-- The people a statement touched, from its transition tables; TG_ARGV[0] names the column holding
-- the person's id. Above 10,000 people (bulk loads) one note says "everyone" instead.
CREATE FUNCTION matching_people_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    touched bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT (to_jsonb(n) ->> TG_ARGV[0])::bigint) INTO touched FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT (to_jsonb(o) ->> TG_ARGV[0])::bigint) INTO touched FROM old_rows o;
    ELSE
        SELECT array_agg(DISTINCT r.id) INTO touched
          FROM (SELECT (to_jsonb(o) ->> TG_ARGV[0])::bigint AS id FROM old_rows o
                UNION ALL SELECT (to_jsonb(n) ->> TG_ARGV[0])::bigint FROM new_rows n) r;
    END IF;
    IF touched IS NULL THEN
        RETURN NULL;
    END IF;
    IF cardinality(touched) > 10000 THEN
        INSERT INTO matching_change (volunteer_id) VALUES (NULL);
    ELSE
        INSERT INTO matching_change (volunteer_id) SELECT unnest(touched);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION matching_everything_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO matching_change (volunteer_id) VALUES (NULL);
    RETURN NULL;
END $$;

-- Availability needs no trigger of its own: V19's copy onto the person's row fires the volunteer's.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('volunteer', 'id'), ('volunteer_skill_held', 'volunteer_id'),
                                   ('volunteer_booking', 'volunteer_id'), ('service_hours_entry', 'volunteer_id')) AS v (tab, col) LOOP
        EXECUTE format('CREATE TRIGGER matching_change_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION matching_people_changed(%L)', t.tab, t.col);
        EXECUTE format('CREATE TRIGGER matching_change_update AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION matching_people_changed(%L)', t.tab, t.col);
        EXECUTE format('CREATE TRIGGER matching_change_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION matching_people_changed(%L)', t.tab, t.col);
        EXECUTE format('CREATE TRIGGER matching_change_truncate AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION matching_everything_changed()', t.tab);
    END LOOP;
END $$;
CREATE TRIGGER matching_change_everything AFTER INSERT OR DELETE OR UPDATE OF certificate_required, code OR TRUNCATE ON volunteer_skill
    FOR EACH STATEMENT EXECUTE FUNCTION matching_everything_changed();
CREATE TRIGGER matching_change_everything AFTER INSERT OR DELETE OR UPDATE OF street_id, id OR TRUNCATE ON community
    FOR EACH STATEMENT EXECUTE FUNCTION matching_everything_changed();

-- V25's counter is no longer read.
DROP TRIGGER matching_holders_changed ON volunteer_skill_held;
DROP TRIGGER matching_holders_changed ON volunteer_skill;
DROP TRIGGER matching_holders_changed ON community;
DROP FUNCTION matching_holders_changed();
DROP TABLE matching_holders_version;
